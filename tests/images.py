"""Image files for the photo tests, made with Pillow: a phone's JPEG with GPS, broken and hostile
files, and a look at what the storage holds."""

import io

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

RED, BLUE = (220, 20, 40), (20, 60, 220)
GPS_IFD = 0x8825
ORIENTATION = 0x0112
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
    b'22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    b'exif:GPSLatitude="55,45.0N"/></rdf:RDF></x:xmpmeta>'
)


def two_colour(width, height):
    """Red above, blue below: shows which way up a picture ended."""
    image = Image.new("RGB", (width, height), BLUE)
    ImageDraw.Draw(image).rectangle((0, 0, width, height // 2), fill=RED)
    return image


def encode(image, image_format="JPEG", **options):
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def phone_jpeg(width=1600, height=900):
    """As a phone writes it: pixels stored sideways with Orientation 6 (turn 90° clockwise to
    view), GPS coordinates, the camera's make, an XMP packet and a comment."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "Phone 15"
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (55.0, 45.0, 0.0), 3: "E", 4: (37.0, 37.0, 0.0)})
    return encode(
        two_colour(width, height),
        exif=exif.tobytes(),
        xmp=XMP,
        comment=b"Taken at home, 55.75 N",
        quality=92,
    )


def upload(content, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def jpeg_upload(width=1600, height=900, name="photo.jpg"):
    return upload(encode(two_colour(width, height), quality=90), name)


def stored_files(path=""):
    """Every file name in the default storage (in memory in the tests)."""
    directories, files = default_storage.listdir(path)
    names = {f"{path}{name}" for name in files}
    for directory in directories:
        names |= stored_files(f"{path}{directory}/")
    return names


def open_stored(name):
    with default_storage.open(name) as file:
        data = file.read()
    image = Image.open(io.BytesIO(data))
    image.load()
    return image, data


def assert_no_metadata(image, data):
    """No EXIF (GPS, camera), XMP or comment in a file the public may download."""
    assert dict(image.getexif()) == {}
    assert not {"exif", "xmp", "comment", "XML:com.adobe.xmp"} & set(image.info)
    for marker in (b"Exif\x00\x00", b"ns.adobe.com", b"GPSLatitude", b"PhoneMaker", b"55.75"):
        assert marker not in data, marker


def assert_upright(image):
    """The phone's picture turned the way it was taken: red (the top of the stored pixels) now
    on the right, blue on the left; portrait, not landscape."""
    width, height = image.size
    assert height > width
    rgb = image.convert("RGB")
    right, left = rgb.getpixel((width - 3, height // 2)), rgb.getpixel((2, height // 2))
    assert right[0] > 150 and right[2] < 120, right
    assert left[2] > 150 and left[0] < 120, left

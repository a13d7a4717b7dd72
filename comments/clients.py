"""Who a request comes from: the address a comment is stored with, and the network that rate
limits, reports and the staff login lockout (django-axes, AXES_CLIENT_IP_CALLABLE) count a
client by.

Here because comments are the lowest app that needs it and apps import nothing from the
project package; the project's settings name it for django-axes.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The client's address: the header the proxy in front names, else the connection's."""
    key = settings.RATELIMIT_IP_META_KEY or "REMOTE_ADDR"
    return (request.META.get(key) or "").split(",")[0].strip() or None


def client_network(request):
    """What rate limits, reports and login lockout count a client by: an IPv4 address, or the
    /64 of an IPv6 one (written as its first address). A subscriber is given a whole /64 and
    can take any of its 2⁶⁴ addresses, so counting addresses counted nothing."""
    address = client_ip(request)
    try:
        parsed = ipaddress.ip_address(address or "")
    except ValueError:
        return address
    if parsed.version == 6:
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
    return str(parsed)

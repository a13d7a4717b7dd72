"""A real S3-compatible server of the tests' own: moto's server mode (``moto_server``, from
requirements-dev.txt) on a free port of 127.0.0.1, speaking the S3 protocol over HTTP as
MinIO or a cloud's object storage does; stopped when the module's tests end. The storage
under test is django-storages' S3Storage talking HTTP to it, not a mock of the client.
Skips with the reason where moto's server is not installed."""

import json
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.faults.redis_server import free_port

ACCESS_KEY, SECRET_KEY, REGION = "test-access-key", "test-secret-key", "us-east-1"


def _binary():
    beside = Path(sys.executable).with_name("moto_server")
    return str(beside) if beside.exists() else shutil.which("moto_server")


@pytest.fixture(scope="module")
def own_s3():
    """The endpoint URL of a fresh, empty S3 server."""
    binary = _binary()
    if binary is None:
        pytest.skip("moto_server is not installed (pip install -r requirements-dev.txt)")
    port = free_port()
    process = subprocess.Popen(
        [binary, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        if process.poll() is not None:
            pytest.fail("moto_server exited at start")
        time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("moto_server did not start within 30 s")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.kill()
        process.wait(timeout=10)


def client(endpoint):
    """A plain boto3 client, to look at the buckets from outside the site."""
    import boto3

    return boto3.client(
        "s3", endpoint_url=endpoint, aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY, region_name=REGION,
    )  # fmt: skip


def public_read_policy(bucket):
    """What docs/deploy.md asks of the media bucket: anyone may read an object by its name;
    nobody may list the bucket (drafts' uploads are found only by their random names)."""
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "PublicReadOfMedia",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{bucket}/*",
        }],
    })  # fmt: skip


def objects(endpoint, bucket):
    """``{key: bytes}`` of everything in ``bucket``."""
    s3 = client(endpoint)
    found = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", []):
            found[item["Key"]] = s3.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
    return found


def empty(endpoint, bucket):
    s3 = client(endpoint)
    for key in objects(endpoint, bucket):
        s3.delete_object(Bucket=bucket, Key=key)

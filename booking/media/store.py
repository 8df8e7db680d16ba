"""Where event pictures live: a folder (by default under the instance folder), or an S3-compatible bucket.

``IMAGE_STORE_URL`` picks one: empty for the folder (``IMAGE_STORE_PATH``), ``s3://bucket/prefix`` for
a bucket. The bucket is reached with boto3 and the usual AWS settings (``AWS_ACCESS_KEY_ID``,
``AWS_SECRET_ACCESS_KEY``, ``AWS_DEFAULT_REGION``, and ``AWS_ENDPOINT_URL`` for a store other than
Amazon's: MinIO, Garage, Scaleway, OVH…). Files are written once under a name that is the fingerprint
of their content, and never changed.
"""

import os
import re
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

NAME = re.compile(r"^[0-9a-f]{20}-[0-9]{1,4}\.(webp|jpg)$")


def valid_name(name: str) -> bool:
    return bool(NAME.fullmatch(name or ""))


class LocalStore:
    def __init__(self, root: str | Path):
        self.root = Path(root)

    def put(self, name: str, data: bytes, content_type: str) -> None:
        if not valid_name(name):
            raise ValueError(f"not a picture's name: {name!r}")
        self.root.mkdir(parents=True, exist_ok=True)
        target = self.root / name
        if target.exists():  # same name, same bytes
            return
        handle, temporary = tempfile.mkstemp(dir=self.root, prefix=".upload-")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)  # whole or not at all, for whoever reads it meanwhile

    def get(self, name: str) -> bytes | None:
        if not valid_name(name):
            return None
        try:
            return (self.root / name).read_bytes()
        except FileNotFoundError:
            return None


class S3Store:
    """A bucket (and a key prefix) of any S3-compatible store; ``client`` is a boto3 S3 client."""

    def __init__(self, bucket: str, prefix: str = "", client=None):
        self.bucket, self.prefix = bucket, prefix.strip("/")
        if client is None:
            import boto3  # only when a bucket is configured

            client = boto3.client("s3")  # credentials, region and AWS_ENDPOINT_URL from the environment
        self.client = client

    def _key(self, name: str) -> str:
        return f"{self.prefix}/{name}" if self.prefix else name

    def put(self, name: str, data: bytes, content_type: str) -> None:
        if not valid_name(name):
            raise ValueError(f"not a picture's name: {name!r}")
        self.client.put_object(Bucket=self.bucket, Key=self._key(name), Body=data, ContentType=content_type,
                               CacheControl="public, max-age=31536000, immutable")

    def get(self, name: str) -> bytes | None:
        if not valid_name(name):
            return None
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self._key(name))
        except self.client.exceptions.NoSuchKey:
            return None
        return answer["Body"].read()


def store_from_url(url: str | None, local_path: str | Path):
    """The store ``IMAGE_STORE_URL`` names: empty, the folder ``local_path``; ``s3://bucket/prefix``, a bucket."""
    if not url:
        return LocalStore(local_path)
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc:
        raise ValueError("IMAGE_STORE_URL must look like s3://bucket/prefix (or be empty for the instance folder)")
    return S3Store(parts.netloc, parts.path)

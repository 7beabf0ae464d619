"""A content-addressed store for raw document bytes.

Each blob lives at ``<data_dir>/raw/<aa>/<sha256>``: the same bytes are stored once, whatever
their name or URL, and a blob never changes once written (writes go through a temporary file
and an atomic rename, so a crash never leaves half a file under a real name).
"""

import hashlib
import os
from pathlib import Path


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class RawStore:
    def __init__(self, data_dir):
        self.root = Path(data_dir) / "raw"

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).exists()

    def put(self, data: bytes) -> str:
        """Store ``data`` and return its sha256; a blob already stored is not rewritten."""
        digest = sha256_of(data)
        target = self.path_for(digest)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(f".tmp{os.getpid()}")
            tmp.write_bytes(data)
            os.replace(tmp, target)
        return digest

    def get(self, sha256: str) -> bytes:
        return self.path_for(sha256).read_bytes()

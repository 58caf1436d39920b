#!/usr/bin/env python3
"""Baseline: the seed script's approach to a folder of files.

One POST /service/rest/v1/components per file, in sequence, each on a NEW connection (what requests.post does
without a Session), the file read into memory, no existence check. Python stdlib only, so it runs anywhere.

usage: seed_upload.py DIR URL REPOSITORY   (credentials from NEXUS_USERNAME / NEXUS_PASSWORD)
"""
import base64
import http.client
import os
import sys
import urllib.parse
import uuid


def multipart(fields, file_field, file_name, data):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{file_name}"\r\n'
                 f'Content-Type: application/octet-stream\r\n\r\n'.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return boundary, b"".join(parts)


def main():
    root, url, repository = sys.argv[1:4]
    target = urllib.parse.urlsplit(url)
    credentials = f"{os.environ.get('NEXUS_USERNAME', '')}:{os.environ.get('NEXUS_PASSWORD', '')}"
    auth = "Basic " + base64.b64encode(credentials.encode()).decode()
    path = "/service/rest/v1/components?repository=" + urllib.parse.quote(repository)
    for folder, subfolders, files in os.walk(root):
        subfolders.sort()
        relative = os.path.relpath(folder, root)
        directory = "/" if relative == "." else "/" + relative.replace(os.sep, "/")
        for name in sorted(files):
            with open(os.path.join(folder, name), "rb") as f:
                data = f.read()
            boundary, body = multipart([("raw.directory", directory), ("raw.asset1.filename", name)], "raw.asset1", name, data)
            connection = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
            connection.request("POST", path, body, {
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Authorization": auth,
            })
            response = connection.getresponse()
            response.read()
            connection.close()
            if response.status not in (200, 201, 204):
                sys.exit(f"{directory}/{name}: HTTP {response.status} {response.reason}")


if __name__ == "__main__":
    main()

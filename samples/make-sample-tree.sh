#!/usr/bin/env bash
# Generates samples/artifacts/: a small, realistic release tree for trying nexus-push without a build system
# (`nexus-push sync-dir samples/artifacts … --dry-run`). Real packages (dpkg-deb, rpmbuild, zip, tar), plus the
# things that trip extension-based tools: a config tarball that is not an sdist, a Python script that is not a
# package, checksums, a PDF, and a .deb that is not a .deb. The output is committed; re-run after editing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../tests/fixtures/package-builders.sh
source "$here/../tests/fixtures/package-builders.sh"
out="$here/artifacts"
rel="$out/product-a/1.2.3"
rm -rf "$out"
mkdir -p "$rel/bookworm" "$rel/el9" "$rel/python" "$rel/docs" "$rel/config" "$out/tools" "$out/broken"

make_deb "$rel/bookworm/product-a_1.2.3-1_amd64.deb" product-a 1.2.3-1 amd64 xz
make_deb "$rel/bookworm/libproduct-a1_1.2.3-1_amd64.deb" libproduct-a1 1.2.3-1 amd64 zstd
make_rpm "$rel/el9/product-a-1.2.3-1.el9.x86_64.rpm" product-a 1.2.3 1.el9 x86_64
make_wheel "$rel/python/product_a-1.2.3-py3-none-any.whl" product-a 1.2.3
make_sdist_tgz "$rel/python/product_a-1.2.3.tar.gz" product-a 1.2.3
make_config_tgz "$rel/config/product-a-config-1.2.3.tar.gz"

# A tiny but well-formed one-page PDF.
cat > "$rel/docs/manual.pdf" <<'PDF'
%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >> endobj
4 0 obj << /Length 47 >> stream
BT /F1 12 Tf 20 50 Td (product-a manual) Tj ET
endstream endobj
5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj
trailer << /Root 1 0 R >>
%%EOF
PDF

cat > "$out/tools/deploy.py" <<'PY'
#!/usr/bin/env python3
"""Deploys product-a. A Python script, not a Python package: it belongs in a raw repository."""
import sys

if __name__ == "__main__":
    print(f"deploying product-a {sys.argv[1] if len(sys.argv) > 1 else '1.2.3'}")
PY
chmod +x "$out/tools/deploy.py"

# Named like a Debian package, but it is an HTML error page saved by a failed download.
printf '<html><body><h1>502 Bad Gateway</h1></body></html>\n' > "$out/broken/not-really.deb"

(cd "$rel" && find . -type f ! -name SHA256SUMS -printf '%P\n' | LC_ALL=C sort | xargs sha256sum > SHA256SUMS)
find "$out" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
du -sh "$out"; find "$out" -type f | LC_ALL=C sort

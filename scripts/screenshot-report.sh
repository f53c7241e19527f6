#!/usr/bin/env bash
# Renders an Offtake HTML report with headless Chromium (Debian's `chromium` package) and checks it:
# fails when Chromium logs a console error or a failed load, or when the picture is blank (fewer than
# 0.5 % of its pixels differ from the background).
#
# usage: scripts/screenshot-report.sh REPORT.html|http://URL OUT.png [WIDTHxHEIGHT]
#   A URL is loaded as is (the pages of `offtake serve`), with 8 s of virtual time for its script to
#   fetch and draw; a file is loaded as file://.
#   WIDTHxHEIGHT: the window, 1200x4000 by default (the report is a long page; the picture is its top).
# env: CHROMIUM (default: chromium, else chromium-browser)
set -euo pipefail

if [ $# -lt 2 ]; then
    echo "usage: $0 REPORT.html OUT.png [WIDTHxHEIGHT]" >&2
    exit 64
fi
report=$1
out=$2
size=${3:-1200x4000}
case "$report" in
    http://* | https://*) url=$report bypass="127.0.0.1;localhost" ;;
    *)
        if [ ! -f "$report" ]; then
            echo "$0: no such file: $report" >&2
            exit 66
        fi
        url="file://$(cd "$(dirname "$report")" && pwd)/$(basename "$report")" bypass="<-loopback>"
        ;;
esac
browser=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$browser" ]; then
    echo "$0: chromium is not installed (apt-get install -y chromium)" >&2
    exit 69
fi

log=$(mktemp)
profile=$(mktemp -d)
trap 'rm -rf "$log" "$profile"' EXIT
# --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
# Network is not needed: the report is one self-contained file, a page of the server loads from the
# server only (loopback bypasses the dead proxy); any other request would be a failed load.
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --user-data-dir="$profile" --enable-logging=stderr --v=0 \
    --proxy-server="127.0.0.1:9" --proxy-bypass-list="$bypass" \
    --virtual-time-budget=8000 --window-size="${size/x/,}" --screenshot="$out" "$url" 2> "$log" > /dev/null || {
    echo "$0: chromium failed:" >&2
    cat "$log" >&2
    exit 1
}
if grep -E "CONSOLE|Failed to load resource|ERR_" "$log" | grep -v -E "dbus|Fontconfig|GPU|gpu|viz|sandbox" > /dev/null; then
    echo "$0: the page logged errors:" >&2
    grep -E "CONSOLE|Failed to load resource|ERR_" "$log" >&2
    exit 1
fi
if [ ! -s "$out" ]; then
    echo "$0: no screenshot written" >&2
    cat "$log" >&2
    exit 1
fi

# Blank-page check: decode the PNG (8-bit RGB or RGBA, as Chromium writes it) with the standard library.
python3 - "$out" <<'EOF'
import struct, sys, zlib

path = sys.argv[1]
data = open(path, "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, header = 8, b"", None
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    chunk = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        header = struct.unpack(">IIBBBBB", chunk)
    elif kind == b"IDAT":
        idat += chunk
    pos += 12 + length
width, height, depth, colour, _, _, interlace = header
channels = {2: 3, 6: 4}.get(colour)
if depth != 8 or channels is None or interlace:
    sys.exit(f"unsupported PNG (depth {depth}, colour type {colour}, interlace {interlace})")
raw = zlib.decompress(idat)
stride = width * channels
previous = bytearray(stride)
background = None
different = 0
for y in range(height):
    filter_type = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        left = line[i - channels] if i >= channels else 0
        up = previous[i]
        upper_left = previous[i - channels] if i >= channels else 0
        if filter_type == 1:
            line[i] = (line[i] + left) & 255
        elif filter_type == 2:
            line[i] = (line[i] + up) & 255
        elif filter_type == 3:
            line[i] = (line[i] + (left + up) // 2) & 255
        elif filter_type == 4:
            p = left + up - upper_left
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - upper_left)
            line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else upper_left)) & 255
    for x in range(0, stride, channels):
        pixel = bytes(line[x:x + 3])
        if background is None:
            background = pixel
        elif pixel != background:
            different += 1
    previous = line
share = different / (width * height)
print(f"{path}: {width}×{height}, {share:.1%} of pixels drawn")
if share < 0.005:
    sys.exit(f"{path}: the page looks blank")
EOF

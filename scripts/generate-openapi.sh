#!/usr/bin/env bash
# Regenerates the server's routes and types (Sources/OfftakeServer/Generated/) from
# Sources/OfftakeServer/openapi.yaml with swift-openapi-generator, and the embedded copy of the document
# that /openapi.json serves. Run after editing openapi.yaml; `swift test` fails until you have.
set -euo pipefail
cd "$(dirname "$0")/.."
target=Sources/OfftakeServer
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
swift run --quiet swift-openapi-generator generate "$target/openapi.yaml" \
    --config "$target/openapi-generator-config.yaml" --output-directory "$out"
rm -f "$target"/Generated/*.swift
for file in "$out"/*.swift; do
    [ -s "$file" ] && cp "$file" "$target/Generated/"
done
python3 scripts/embed-openapi.py
ls "$target/Generated"

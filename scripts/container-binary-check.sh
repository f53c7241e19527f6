#!/usr/bin/env bash
# The container image's binary without a container engine (deploy/Dockerfile, docs/scale-out.md):
#   scripts/container-binary-check.sh [WORKDIR]
# 1. The Dockerfile's build step, `swift build -c release --product offtake --static-swift-stdlib`, in
#    this checkout.
# 2. The binary's dynamic dependencies (ldd) must all be libraries the runtime image has without a Swift
#    toolchain: ubuntu:24.04's C library and its parts, C++ runtime, libgcc_s and zlib, and the SQLite
#    the Dockerfile installs (libsqlite3-0).
# 3. It runs in a root filesystem holding only the binary, those libraries and the dynamic loader
#    (chroot): `offtake run` of the built-in scenario, `--shard 1/2` and `--shard 2/2` with `merge`, and
#    the result equals the same run of the binary outside the chroot.
# The runtime image's other contents (tzdata, ca-certificates, the offtake user) are not exercised.
# --static-swift-stdlib changes how every module is compiled: after a dynamic release build this is a
# second full release build (≈ 5 min on 2 cores), and it leaves .build/release/offtake statically
# linked — the next `swift build -c release` builds the dynamic one again (as long). CI runs it last.
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-/tmp/offtake-container-check}"
rm -rf "$work" && mkdir -p "$work/root"

swift build -c release --product offtake --static-swift-stdlib 2>&1 | tail -n 1
static="$(swift build -c release --show-bin-path)/offtake"
cp "$static" "$work/offtake"

# What ubuntu:24.04 provides: libc6 (libc, libm, libpthread, libdl, librt, libutil, the loader),
# libstdc++6, libgcc-s1, zlib1g (dependencies of its apt and dpkg); and libsqlite3-0, installed by the
# Dockerfile.
allowed='^(linux-vdso\.so\.1|libc\.so\.6|libm\.so\.6|libpthread\.so\.0|libdl\.so\.2|librt\.so\.1|libutil\.so\.1|libstdc\+\+\.so\.6|libgcc_s\.so\.1|libz\.so\.1|libsqlite3\.so\.0|/lib64/ld-linux-x86-64\.so\.2)$'
ldd "$work/offtake" > "$work/ldd.txt"
cat "$work/ldd.txt"
if awk '{print $1}' "$work/ldd.txt" | grep -Ev "$allowed"; then
    echo "container-binary-check: the binary needs libraries the runtime image does not have (above)" >&2
    exit 1
fi

# A root filesystem with the binary and exactly the libraries ldd resolved.
mkdir -p "$work/root/usr/local/bin" "$work/root/data" "$work/root/tmp" "$work/root/proc"
cp "$work/offtake" "$work/root/usr/local/bin/offtake"
awk '$3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' "$work/ldd.txt" | while read -r library; do
    mkdir -p "$work/root$(dirname "$library")"
    cp -L "$library" "$work/root$library"
done
(cd "$work/root" && find . -type f | sort)

# With /proc mounted, as in every container: the Swift runtime reads the arguments from
# /proc/self/cmdline (without it `offtake --version` silently runs the default scenario). A private
# mount and PID namespace, so the mount goes away with the command.
in_root() { unshare --mount --pid --fork --mount-proc="$work/root/proc" chroot "$work/root" /usr/local/bin/offtake "$@"; }
[ "$(in_root --version)" = "$("$work/offtake" --version)" ] || { echo "container-binary-check: the version differs in the root filesystem" >&2; exit 1; }
in_root run --paths 300 --seed 7 --threads 2 --json /data/whole.json > /dev/null
in_root run --paths 300 --seed 7 --shard 1/2 --partial /data/part-1.offtake-partial
in_root run --paths 300 --seed 7 --shard 2/2 --partial /data/part-2.offtake-partial
in_root merge /data/part-1.offtake-partial /data/part-2.offtake-partial --json /data/merged.json > /dev/null
"$work/offtake" run --paths 300 --seed 7 --json "$work/outside.json" > /dev/null
cmp "$work/root/data/whole.json" "$work/outside.json"
cmp "$work/root/data/merged.json" "$work/outside.json"
echo "container-binary-check: the static binary runs in a root filesystem of $(wc -l < "$work/ldd.txt") libraries; results identical"

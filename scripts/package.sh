#!/usr/bin/env bash
# Builds the Debian package of ldapdeck from Cargo.toml's [package.metadata.deb] (the table
# `cargo deb` reads) with dpkg-deb: the release binary (stripped), the man pages (gzipped),
# the bash/zsh/fish completions, the README and the example providers.toml.
#
#   scripts/package.sh                 # cargo build --release, then target/debian/ldapdeck_VERSION_ARCH.deb
#   scripts/package.sh --binary PATH   # package this binary instead of building one
#   scripts/package.sh --out DIR       # write the .deb into DIR
#
# Prints the path of the .deb on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

binary=""
out="target/debian"
while (($#)); do
  case $1 in
    --binary) binary=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "usage: scripts/package.sh [--binary PATH] [--out DIR]" >&2; exit 2 ;;
  esac
done
for tool in dpkg-deb python3 objdump strip gzip; do
  command -v "$tool" >/dev/null || { echo "package.sh needs $tool (apt-get install -y dpkg-dev binutils python3 gzip)" >&2; exit 2; }
done
if [[ -z $binary ]]; then
  cargo build --release --locked >&2
  binary=target/release/ldapdeck
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
chmod 755 "$stage"
mkdir -p "$out"

python3 - "$binary" "$stage" "$out" <<'PY'
import glob, gzip, os, re, shutil, subprocess, sys, textwrap, tomllib

binary, stage, out = sys.argv[1:4]
with open("Cargo.toml", "rb") as f:
    cargo = tomllib.load(f)
pkg = cargo["package"]
deb = pkg["metadata"]["deb"]
name, version = pkg["name"], pkg["version"]
arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True, check=True).stdout.strip()

def install(src, dest, mode):
    if dest.endswith("/"):
        dest = dest + os.path.basename(src)
    target = os.path.join(stage, dest)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    if "/share/man/" in dest:
        # Man pages are gzipped, with no name or time inside, as Debian ships them.
        with open(src, "rb") as i, open(target + ".gz", "wb") as raw:
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as o:
                o.write(i.read())
        target += ".gz"
    else:
        shutil.copyfile(src, target)
    os.chmod(target, int(mode, 8))
    return target

for src, dest, mode in deb["assets"]:
    if src == "target/release/" + name:
        t = install(binary, dest, mode)
        subprocess.run(["strip", "--strip-unneeded", t], check=True)
        continue
    files = sorted(glob.glob(src))
    if not files:
        sys.exit(f"package.sh: no file matches {src}")
    for f in files:
        install(f, dest, mode)

doc = os.path.join(stage, "usr/share/doc", name)
os.makedirs(doc, exist_ok=True)
with open(os.path.join(doc, "copyright"), "w") as f:
    f.write(
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        f"Upstream-Name: {name}\n\nFiles: *\nCopyright: the {name} developers\n"
        f"License: {pkg['license']}\n"
    )

# $auto: the libraries the binary links, and the newest glibc symbol version it uses.
bin_path = os.path.join(stage, "usr/bin", name)
needed = re.findall(r"NEEDED\s+(\S+)", subprocess.run(["objdump", "-p", bin_path], capture_output=True, text=True, check=True).stdout)
glibc = re.findall(r"GLIBC_([0-9.]+)", subprocess.run(["objdump", "-T", bin_path], capture_output=True, text=True, check=True).stdout)
newest = max(glibc, key=lambda v: [int(x) for x in v.split(".")]) if glibc else None
depends = []
for lib in needed:
    if re.match(r"(libc|libm|libpthread|libdl|librt)\.so|ld-linux", lib):
        d = f"libc6 (>= {newest})" if newest else "libc6"
    elif lib.startswith("libgcc_s.so"):
        d = "libgcc-s1"
    else:
        sys.exit(f"package.sh: the binary links {lib}, which has no package here")
    if d not in depends:
        depends.append(d)
if deb.get("depends", "$auto") != "$auto":
    depends = [deb["depends"]]

size_kib = sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(stage) for f in fs) // 1024
os.makedirs(os.path.join(stage, "DEBIAN"))
# The synopsis is the description's first clause (Debian wants it under 80 characters).
description = pkg["description"].split(":")[0].strip().rstrip(".")
long = deb.get("extended-description", "").strip()
with open(os.path.join(stage, "DEBIAN/control"), "w") as f:
    f.write(f"Package: {name}\nVersion: {version}\nArchitecture: {arch}\n")
    f.write(f"Maintainer: {deb['maintainer']}\nSection: {deb['section']}\nPriority: {deb['priority']}\n")
    f.write(f"Installed-Size: {size_kib}\nDepends: {', '.join(depends)}\n")
    for key in ("recommends", "suggests"):
        if deb.get(key):
            f.write(f"{key.capitalize()}: {deb[key]}\n")
    f.write(f"Description: {description}\n")
    for line in textwrap.wrap(long, 79):
        f.write(f" {line}\n")

deb_path = os.path.join(out, f"{name}_{version}_{arch}.deb")
subprocess.run(["dpkg-deb", "--root-owner-group", "--build", stage, deb_path], check=True, stdout=subprocess.DEVNULL)
print(deb_path)
PY

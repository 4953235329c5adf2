#!/usr/bin/env bash
# Runs ldapdeck's whole test suite. This is the README's test command and what CI runs.
# The LDAP tests start their own OpenLDAP slapd on loopback ports, the Active Directory
# tests a Samba AD DC on loopback (ports 389/636 must be free), the 389 Directory Server
# tests a throwaway 389 DS instance, and the console tests drive the real binary in tmux, so
# slapd, ldap-utils, samba, 389-ds-base and tmux must be installed (and zsh, fish and man-db
# for the shell tests; dpkg-deb, python3 and binutils for the package test): as root this script installs them when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=()
[[ -x /usr/sbin/slapd ]] || packages+=(slapd)
command -v ldapsearch >/dev/null || packages+=(ldap-utils)
command -v tmux >/dev/null || packages+=(tmux)
# The Active Directory tests (tests/ad.rs) run a real Samba AD DC.
[[ -x /usr/sbin/samba && -x /usr/bin/samba-tool ]] || packages+=(samba-ad-dc samba)
# Provisioning needs the AD schema files, which a samba installed without recommends lacks.
[[ -d /usr/share/samba/setup/ad-schema ]] || packages+=(samba-ad-provision)
# The 389 DS tests (tests/ds389.rs) run a real 389 Directory Server; its recommends (the
# web console and friends) are not needed.
lean=()
[[ -x /usr/sbin/ns-slapd && -x /usr/sbin/dscreate ]] || lean+=(389-ds-base)
# The shell tests (tests/shell.rs) run the completion scripts in zsh and fish, read the man
# pages with man(1) and unpack the .deb with dpkg-deb.
command -v zsh >/dev/null || lean+=(zsh)
command -v fish >/dev/null || lean+=(fish)
command -v man >/dev/null || lean+=(man-db)
# The doctor's equivalent commands are run for real (tests/doctor_cli.rs): nc and openssl.
command -v nc >/dev/null || lean+=(netcat-openbsd)
command -v openssl >/dev/null || lean+=(openssl)
if ((${#packages[@]} + ${#lean[@]})); then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "installing ${packages[*]} ${lean[*]} for the LDAP tests" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    if ((${#packages[@]})); then apt-get install -y -qq "${packages[@]}" >/dev/null; fi
    if ((${#lean[@]})); then apt-get install -y -qq --no-install-recommends "${lean[@]}" >/dev/null; fi
  else
    echo "the LDAP tests need: ${packages[*]} ${lean[*]} (sudo apt-get install -y ${packages[*]} ${lean[*]})" >&2
  fi
fi

exec cargo test --locked "$@"

#!/usr/bin/env bash
# Runs ldapdeck's whole test suite. This is the README's test command and what CI runs.
# The LDAP tests start their own OpenLDAP slapd on loopback ports, the Active Directory
# tests a Samba AD DC on loopback (ports 389/636 must be free), and the console tests drive
# the real binary in tmux, so slapd, ldap-utils, samba and tmux must be installed: as root
# this script installs them when missing.
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
if ((${#packages[@]})); then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "installing ${packages[*]} for the LDAP tests" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${packages[@]}" >/dev/null
  else
    echo "the LDAP tests need: ${packages[*]} (sudo apt-get install -y ${packages[*]})" >&2
  fi
fi

exec cargo test --locked "$@"

#!/usr/bin/env bash
# Benchmarks against the anchor client on the same private slapd, in one run:
#  1. a full `ldapdeck test` (nine doctor steps) against `ldapwhoami` and `ldapsearch -s base`,
#     median of N interleaved runs (N=21);
#  2. listing one OU of BULK users (100,000 by default, plus smaller tenants): `ldapsearch -E
#     pr=500/noprompt` against `ldapdeck users list --format ldif` and `--format jsonl`, all to
#     /dev/null, asking for the same attributes, median of RUNS (5) runs, and peak RSS;
#  3. effective (nested) groups of one user among NGROUPS groups (10,000) nested 5 deep:
#     `ldapdeck users groups --effective` against a hand-written ldapsearch loop (one
#     search per group reached, breadth first), median of RUNS runs, and how many searches;
#  4. the tree's first children of the BULK-child OU: the query the console's expansion
#     sends (one level, objectClass/hasSubordinates/numSubordinates), stopped at its first
#     batch of 50 and at 1,000 (`ldapdeck tree --depth 1`), against `ldapsearch -s one -z`;
#  5. MODS (10,000) modifies from one LDIF file: `ldapdeck apply --yes` (every entry read
#     and checked first, 256 siblings in one search by entryDN, each modify sent asserting
#     the entryCSN that was read, one journal record) against `ldapmodify -f` of the same file, interleaved, median of RUNS runs, and
#     peak RSS. slapd syncs every write to disk, so a busy disk moves both alike.
# Needs slapd, ldap-utils and openssl; starts everything on free loopback ports, cleans up.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-21}
BULK=${BULK:-100000}
RUNS=${RUNS:-5}
NGROUPS=${NGROUPS:-10000}
MODS=${MODS:-10000}

for tool in slapd slapadd ldapwhoami ldapsearch openssl python3; do
  command -v "$tool" >/dev/null || [[ -x /usr/sbin/$tool ]] || {
    echo "bench needs $tool: apt-get install -y slapd ldap-utils openssl" >&2
    exit 2
  }
done
export PATH="$PATH:/usr/sbin"

cargo build --release --quiet
BIN=$PWD/target/release/ldapdeck
W=$(mktemp -d /tmp/ldapdeck-bench.XXXXXX)
PID=
cleanup() { [[ -n $PID ]] && kill "$PID" 2>/dev/null; rm -rf "$W"; }
trap cleanup EXIT

# --- a throwaway CA and server certificate -------------------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=ldapdeck bench CA" \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
  -keyout "$W/ca.key" -out "$W/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
  -keyout "$W/server.key" -out "$W/server.csr" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$W/ext"
openssl x509 -req -in "$W/server.csr" -CA "$W/ca.pem" -CAkey "$W/ca.key" -CAcreateserial \
  -days 365 -extfile "$W/ext" -out "$W/server.pem" 2>/dev/null

read -r P S < <(python3 -c 'import socket
a,b=socket.socket(),socket.socket(); a.bind(("127.0.0.1",0)); b.bind(("127.0.0.1",0))
print(a.getsockname()[1], b.getsockname()[1])')

mkdir "$W/db"
cat >"$W/slapd.conf" <<EOF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb.so
pidfile $W/slapd.pid
TLSCACertificateFile $W/ca.pem
TLSCertificateFile $W/server.pem
TLSCertificateKeyFile $W/server.key
sizelimit unlimited
database mdb
suffix "dc=bench,dc=test"
rootdn "cn=admin,dc=bench,dc=test"
rootpw admin-secret
directory $W/db
maxsize 4294967296
index objectClass,member,uniqueMember eq
access to attrs=userPassword by anonymous auth by * none
access to * by users read by anonymous auth
EOF
{
  printf 'dn: dc=bench,dc=test\nobjectClass: dcObject\nobjectClass: organization\no: bench\ndc: bench\n\n'
  printf 'dn: cn=svc,dc=bench,dc=test\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\ncn: svc\nuserPassword: svc-secret\n\n'
  printf 'dn: ou=people,dc=bench,dc=test\nobjectClass: organizationalUnit\nou: people\n\n'
  printf 'dn: ou=groups,dc=bench,dc=test\nobjectClass: organizationalUnit\nou: groups\n\n'
  for i in $(seq 1 50); do
    printf 'dn: uid=user%s,ou=people,dc=bench,dc=test\nobjectClass: inetOrgPerson\nuid: user%s\ncn: User %s\nsn: %s\n\n' "$i" "$i" "$i" "$i"
  done
  printf 'dn: cn=all,ou=groups,dc=bench,dc=test\nobjectClass: groupOfNames\ncn: all\nmember: uid=user1,ou=people,dc=bench,dc=test\n\n'
  printf 'dn: ou=Instance1,dc=bench,dc=test\nobjectClass: organizationalUnit\nou: Instance1\n\n'
  for t in big small1 small2; do
    printf 'dn: ou=%s,ou=Instance1,dc=bench,dc=test\nobjectClass: organizationalUnit\nou: %s\n\n' $t $t
    printf 'dn: ou=g,ou=%s,ou=Instance1,dc=bench,dc=test\nobjectClass: organizationalUnit\nou: g\n\n' $t
  done
  awk -v n="$BULK" 'BEGIN { for (i = 1; i <= n; i++) printf "dn: uid=u%07d,ou=g,ou=big,ou=Instance1,dc=bench,dc=test\nobjectClass: inetOrgPerson\nuid: u%07d\ncn: User Number %d\ngivenName: User\nsn: Number%d\nmail: u%07d@bench.test\ntelephoneNumber: +1 555 %07d\n\n", i, i, i, i, i, i }'
  for t in small1 small2; do
    awk -v t=$t 'BEGIN { for (i = 1; i <= 25; i++) printf "dn: uid=%s-%d,ou=g,ou=%s,ou=Instance1,dc=bench,dc=test\nobjectClass: inetOrgPerson\nuid: %s-%d\ncn: %s %d\nsn: %d\n\n", t, i, t, t, i, t, i, i }'
  done
  # NGROUPS groups in 5 levels: g<L>-<i> holds g<L-1>-<i> (and g<L-1>-<i+1>); level 1 holds
  # user<i mod 50 + 1>. user1 is in NGROUPS/250 of them directly, more through nesting.
  printf 'dn: ou=nest,dc=bench,dc=test\nobjectClass: organizationalUnit\nou: nest\n\n'
  awk -v n="$NGROUPS" 'BEGIN { per = int(n / 5); for (l = 1; l <= 5; l++) for (i = 0; i < per; i++) {
      printf "dn: cn=g%d-%d,ou=nest,dc=bench,dc=test\nobjectClass: groupOfNames\ncn: g%d-%d\n", l, i, l, i
      if (l == 1) printf "member: uid=user%d,ou=people,dc=bench,dc=test\n", i % 50 + 1
      else { printf "member: cn=g%d-%d,ou=nest,dc=bench,dc=test\n", l - 1, i; if (i + 1 < per) printf "member: cn=g%d-%d,ou=nest,dc=bench,dc=test\n", l - 1, i + 1 }
      printf "\n" } }'
} >"$W/base.ldif"
slapadd -q -f "$W/slapd.conf" -l "$W/base.ldif"
slapd -d 0 -f "$W/slapd.conf" -h "ldap://127.0.0.1:$P/ ldaps://127.0.0.1:$S/" >"$W/slapd.log" 2>&1 &
PID=$!
printf 'svc-secret' >"$W/pw"
printf 'admin-secret' >"$W/adminpw"
chmod 600 "$W/pw" "$W/adminpw"
export LDAPTLS_CACERT=$W/ca.pem
for _ in $(seq 1 100); do
  ldapwhoami -x -H "ldap://127.0.0.1:$P" >/dev/null 2>&1 && break
  sleep 0.05
done

cat >"$W/providers.toml" <<EOF
[[provider]]
slug = "plain"
server_type = "openldap"
urls = ["ldap://127.0.0.1:$P"]
bind_dn = "cn=svc,dc=bench,dc=test"
bind_password_file = "$W/pw"
base_dn = "dc=bench,dc=test"
users_base = "ou=people,dc=bench,dc=test"
groups_base = "ou=groups,dc=bench,dc=test"

[[provider]]
slug = "tls"
server_type = "openldap"
urls = ["ldaps://127.0.0.1:$S"]
ca_file = "$W/ca.pem"
bind_dn = "cn=svc,dc=bench,dc=test"
bind_password_file = "$W/pw"
base_dn = "dc=bench,dc=test"
users_base = "ou=people,dc=bench,dc=test"
groups_base = "ou=groups,dc=bench,dc=test"
EOF
cat >>"$W/providers.toml" <<EOF

[[provider]]
slug = "bulk-plain"
server_type = "openldap"
urls = ["ldap://127.0.0.1:$P"]
bind_dn = "cn=svc,dc=bench,dc=test"
bind_password_file = "$W/pw"
base_dn = "dc=bench,dc=test"
attributes = { login = "uid", first_name = "givenName", last_name = "sn", full_name = "cn", mail = "mail", extension = "telephoneNumber" }
layout = { mode = "ou", tenants_base = "ou=Instance1,dc=bench,dc=test" }

[[provider]]
slug = "bulk-tls"
server_type = "openldap"
urls = ["ldaps://127.0.0.1:$S"]
ca_file = "$W/ca.pem"
bind_dn = "cn=svc,dc=bench,dc=test"
bind_password_file = "$W/pw"
base_dn = "dc=bench,dc=test"
attributes = { login = "uid", first_name = "givenName", last_name = "sn", full_name = "cn", mail = "mail", extension = "telephoneNumber" }
layout = { mode = "ou", tenants_base = "ou=Instance1,dc=bench,dc=test" }

[[provider]]
slug = "bulk-admin"
server_type = "openldap"
urls = ["ldap://127.0.0.1:$P"]
bind_dn = "cn=admin,dc=bench,dc=test"
bind_password_file = "$W/adminpw"
base_dn = "dc=bench,dc=test"

[[provider]]
slug = "nest"
server_type = "openldap"
urls = ["ldap://127.0.0.1:$P"]
bind_dn = "cn=svc,dc=bench,dc=test"
bind_password_file = "$W/pw"
base_dn = "dc=bench,dc=test"
users_base = "ou=people,dc=bench,dc=test"
groups_base = "ou=nest,dc=bench,dc=test"
EOF
export LDAPDECK_CONFIG=$W/providers.toml
"$BIN" test tls >/dev/null || { echo "ldapdeck test tls fails; see:" >&2; "$BIN" test tls >&2; exit 1; }

ms() { # run a command N times interleaved elsewhere; prints one duration in ms
  local t0 t1
  t0=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  t1=$(date +%s%N)
  echo $(((t1 - t0) / 1000))
}
median() { sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]/1000}'; }

declare -A runs
names=(deck_plain whoami_plain base_plain deck_tls whoami_tls base_tls)
for ((i = 0; i < N; i++)); do
  runs[deck_plain]+="$(ms "$BIN" test plain) "
  runs[whoami_plain]+="$(ms ldapwhoami -x -H "ldap://127.0.0.1:$P" -D cn=svc,dc=bench,dc=test -y "$W/pw") "
  runs[base_plain]+="$(ms ldapsearch -x -H "ldap://127.0.0.1:$P" -D cn=svc,dc=bench,dc=test -y "$W/pw" -s base -b "" namingContexts) "
  runs[deck_tls]+="$(ms "$BIN" test tls) "
  runs[whoami_tls]+="$(ms ldapwhoami -x -H "ldaps://127.0.0.1:$S" -D cn=svc,dc=bench,dc=test -y "$W/pw") "
  runs[base_tls]+="$(ms ldapsearch -x -H "ldaps://127.0.0.1:$S" -D cn=svc,dc=bench,dc=test -y "$W/pw" -s base -b "" namingContexts) "
done
declare -A med
for n in "${names[@]}"; do
  med[$n]=$(tr ' ' '\n' <<<"${runs[$n]}" | grep . | median)
done
printf 'median wall ms over %s interleaved runs (one process per call)\n' "$N"
printf '%-8s %22s %12s %20s %12s\n' scheme "ldapdeck test (9 steps)" ldapwhoami "ldapsearch -s base" "deck/whoami"
for s in plain tls; do
  ratio=$(awk -v a="${med[deck_$s]}" -v b="${med[whoami_$s]}" 'BEGIN {printf "%.2f", a/b}')
  printf '%-8s %22s %12s %20s %12s\n' "$s" "${med[deck_$s]}" "${med[whoami_$s]}" "${med[base_$s]}" "$ratio"
done

# --- 2. one OU of BULK users ------------------------------------------------------------
OU="ou=g,ou=big,ou=Instance1,dc=bench,dc=test"
ATTRS="uid givenName sn cn mail telephoneNumber"
got=$("$BIN" users list bulk-plain --tenant big --group g --format jsonl | wc -l)
[[ $got == "$BULK" ]] || { echo "ldapdeck listed $got users, expected $BULK" >&2; exit 1; }
# Wall seconds and peak RSS (KB) of one run, output to /dev/null.
run() { /usr/bin/time -f "%e %M" -o "$W/time" "$@" >/dev/null 2>"$W/err" || { cat "$W/err" >&2; exit 1; }; cat "$W/time"; }
declare -A wall rss
for ((i = 0; i < RUNS; i++)); do
  for scheme in plain tls; do
    if [[ $scheme == plain ]]; then uri="ldap://127.0.0.1:$P"; else uri="ldaps://127.0.0.1:$S"; fi
    read -r t m < <(run ldapsearch -x -LLL -H "$uri" -D cn=svc,dc=bench,dc=test -y "$W/pw" -b "$OU" -E pr=500/noprompt '(objectClass=inetOrgPerson)' $ATTRS)
    wall[ls_$scheme]+="$t "
    rss[ls_$scheme]+="$m "
    for fmt in ldif jsonl; do
      read -r t m < <(run "$BIN" users list "bulk-$scheme" --tenant big --group g --format $fmt)
      wall[${fmt}_$scheme]+="$t "
      rss[${fmt}_$scheme]+="$m "
    done
  done
done
med() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
maxv() { tr ' ' '\n' | grep . | sort -n | tail -1; }
mb() { awk -v k="$(maxv <<<"$1")" 'BEGIN {printf "%.1f", k/1024}'; }
printf '\n%s users in one OU, median wall s over %s runs (peak RSS MiB), output to /dev/null\n' "$BULK" "$RUNS"
printf '%-7s %24s %24s %24s %8s %8s\n' scheme "ldapsearch pr=500" "ldapdeck --format ldif" "ldapdeck --format jsonl" "ldif/ls" "jsonl/ls"
for scheme in plain tls; do
  ls=$(med <<<"${wall[ls_$scheme]}")
  l=$(med <<<"${wall[ldif_$scheme]}")
  j=$(med <<<"${wall[jsonl_$scheme]}")
  printf '%-7s %16s (%5s) %16s (%5s) %16s (%5s) %8s %8s\n' "$scheme" \
    "$ls" "$(mb "${rss[ls_$scheme]}")" "$l" "$(mb "${rss[ldif_$scheme]}")" "$j" "$(mb "${rss[jsonl_$scheme]}")" \
    "$(awk -v a="$l" -v b="$ls" 'BEGIN {printf "%.2f", a/b}')" "$(awk -v a="$j" -v b="$ls" 'BEGIN {printf "%.2f", a/b}')"
done

# --- 3. effective groups among NGROUPS nested groups --------------------------------------
USER_DN="uid=user1,ou=people,dc=bench,dc=test"
# The loop a sysadmin would write: breadth first, one ldapsearch per group reached.
loop() {
  local frontier=("$USER_DN") next seen=" " n=0 dn g
  while ((${#frontier[@]})); do
    next=()
    for dn in "${frontier[@]}"; do
      while read -r g; do
        [[ $seen == *" $g "* ]] && continue
        seen+="$g "
        next+=("$g")
      done < <(ldapsearch -x -LLL -o ldif-wrap=no -H "ldap://127.0.0.1:$P" -D cn=svc,dc=bench,dc=test -y "$W/pw" \
        -b ou=nest,dc=bench,dc=test "(member=$dn)" 1.1 | sed -n 's/^dn: //p')
      n=$((n + 1))
    done
    frontier=("${next[@]}")
  done
  echo "$n $(wc -w <<<"$seen")"
}
read -r loop_searches loop_groups < <(loop)
deck_json=$("$BIN" users groups nest user1 --effective --json)
read -r deck_groups deck_searches < <(python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["groups"]), d["searches"])' <<<"$deck_json")
[[ $deck_groups == "$loop_groups" ]] || { echo "ldapdeck found $deck_groups groups, the loop $loop_groups" >&2; exit 1; }
declare -A nest
for ((i = 0; i < RUNS; i++)); do
  nest[deck]+="$(ms "$BIN" users groups nest user1 --effective --json) "
  nest[loop]+="$(ms loop) "
done
printf '\neffective groups of one user among %s groups nested 5 deep (%s reached), median wall ms over %s runs\n' "$NGROUPS" "$deck_groups" "$RUNS"
printf '%-34s %10s %18s\n' "" "ms" "searches"
printf '%-34s %10s %18s\n' "ldapdeck users groups --effective" "$(tr ' ' '\n' <<<"${nest[deck]}" | grep . | median)" "$deck_searches"
printf '%-34s %10s %18s\n' "ldapsearch loop (one per group)" "$(tr ' ' '\n' <<<"${nest[loop]}" | grep . | median)" "$loop_searches"

# --- 4. the tree: first children of the BULK-child OU ---------------------------------------
OU_PARENT="ou=g,ou=big,ou=Instance1,dc=bench,dc=test"
declare -A first
for ((i = 0; i < RUNS; i++)); do
  first[deck50]+="$(ms "$BIN" search bulk-plain --base "$OU_PARENT" --scope one --attrs objectClass,hasSubordinates,numSubordinates --limit 50 --format jsonl) "
  first[ls50]+="$(ms ldapsearch -x -LLL -H "ldap://127.0.0.1:$P" -D cn=svc,dc=bench,dc=test -y "$W/pw" -b "$OU_PARENT" -s one -z 50 -E pr=500/noprompt '(objectClass=*)' objectClass hasSubordinates numSubordinates) "
  first[deck1000]+="$(ms "$BIN" tree bulk-plain "$OU_PARENT" --depth 1) "
  first[ls1000]+="$(ms ldapsearch -x -LLL -H "ldap://127.0.0.1:$P" -D cn=svc,dc=bench,dc=test -y "$W/pw" -b "$OU_PARENT" -s one -z 1000 -E pr=500/noprompt '(objectClass=*)' hasSubordinates numSubordinates) "
done
printf '\nfirst children of an OU of %s entries (process start, connect, bind, search), median wall ms over %s runs\n' "$BULK" "$RUNS"
printf '%-44s %10s\n' "ldapdeck: the tree's first batch (50)" "$(tr ' ' '\n' <<<"${first[deck50]}" | grep . | median)"
printf '%-44s %10s\n' "ldapsearch -s one -z 50" "$(tr ' ' '\n' <<<"${first[ls50]}" | grep . | median)"
printf '%-44s %10s\n' "ldapdeck tree --depth 1 (1,000 children)" "$(tr ' ' '\n' <<<"${first[deck1000]}" | grep . | median)"
printf '%-44s %10s\n' "ldapsearch -s one -z 1000" "$(tr ' ' '\n' <<<"${first[ls1000]}" | grep . | median)"

# --- 5. MODS modifies from one LDIF file -----------------------------------------------------
mods() { # the LDIF of MODS replaces of description, with this run's value
  awk -v n="$MODS" -v tag="$1" 'BEGIN { for (i = 1; i <= n; i++) printf "dn: uid=u%07d,ou=g,ou=big,ou=Instance1,dc=bench,dc=test\nchangetype: modify\nreplace: description\ndescription: %s %d\n-\n\n", i, i, tag, i }'
}
declare -A apply_wall apply_rss
export XDG_STATE_HOME=$W/state
for ((i = 0; i < RUNS; i++)); do
  mods "ldapmodify-$i" >"$W/mods.ldif"
  read -r t m < <(run ldapmodify -x -H "ldap://127.0.0.1:$P" -D cn=admin,dc=bench,dc=test -w admin-secret -f "$W/mods.ldif")
  apply_wall[lm]+="$t "
  apply_rss[lm]+="$m "
  mods "deck-$i" >"$W/mods.ldif"
  read -r t m < <(run "$BIN" apply bulk-admin "$W/mods.ldif" --yes)
  apply_wall[deck]+="$t "
  apply_rss[deck]+="$m "
done
lm=$(med <<<"${apply_wall[lm]}")
deck=$(med <<<"${apply_wall[deck]}")
printf '\n%s modifies from one LDIF file, median wall s over %s runs (peak RSS MiB)\n' "$MODS" "$RUNS"
printf '%-46s %8s (%5s)\n' "ldapmodify -f" "$lm" "$(mb "${apply_rss[lm]}")"
printf '%-46s %8s (%5s)\n' "ldapdeck apply --yes (checked, journaled)" "$deck" "$(mb "${apply_rss[deck]}")"
printf '%-46s %8s\n' "ratio" "$(awk -v a="$deck" -v b="$lm" 'BEGIN {printf "%.2f", a/b}')"

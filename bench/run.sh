#!/usr/bin/env bash
# The benchmark: nexus-push against curl / Python baselines on a local stand-in for Nexus (bench/BenchServer).
# One command on a fresh clone:  bash bench/run.sh
#   BENCH_RUNS=5          runs per scenario (medians are reported)
#   BENCH_BIG_RUNS=N      runs of the 1 GiB / 4 GiB uploads (default BENCH_RUNS)
#   BENCH_STARTUP_RUNS=20 runs of --help and of the one-file upload
#   BENCH_ONLY=a,b        scenarios among: 1g 4g 1g-link small latency rtt large noop plan help onefile backpressure (default all)
#   BENCH_LATENCY_MS=20   server time per upload in the "latency" scenario (a Nexus-like cost per file)
#   BENCH_LINK_MBPS=1000  link speed in "1g-link": the server reads the upload no faster (a 1 Gbit/s network)
#   BENCH_RTT_MS=20       time the server adds to every request in "rtt" (HEAD, listing and preflight included)
#   BENCH_RTT_PARALLEL="2 4 8 16"  --parallel values "rtt" also measures on 2,000 files, to choose the default
#   BENCH_LARGE_ASSETS=100000  assets the repository already holds in "large" (a migration into a large repository)
# Writes bench/RESULTS.md; builds, logs and data live in bench/.out and bench/.data (gitignored, data reused).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${BENCH_RUNS:-5}
BIG_RUNS=${BENCH_BIG_RUNS:-$RUNS}
STARTUP_RUNS=${BENCH_STARTUP_RUNS:-20}
ONLY=${BENCH_ONLY:-1g,4g,1g-link,small,latency,rtt,large,noop,plan,help,onefile,backpressure}
RTT_MS=${BENCH_RTT_MS:-20}
RTT_PARALLEL=${BENCH_RTT_PARALLEL:-2 4 8 16}
LARGE_ASSETS=${BENCH_LARGE_ASSETS:-100000}
LATENCY_MS=${BENCH_LATENCY_MS:-20}
LINK_MBPS=${BENCH_LINK_MBPS:-1000}
OUT=bench/.out
DATA=bench/.data
NP=$OUT/tool/nexus-push
REPO=raw-bench
BP_DELAY_MS=200
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Nothing from the caller's shell may redirect the tool (the plan scenario must be offline); the bench server
# ignores credentials, but sending them makes every request carry Basic auth, as in real use.
unset NEXUS_URL NEXUS3_URL NEXUS_TOKEN NEXUS3_USERNAME NEXUS3_PASSWORD NEXUS_PUSH_CA_FILE HTTP_PROXY HTTPS_PROXY http_proxy https_proxy
export NEXUS_USERNAME=bench NEXUS_PASSWORD=bench

STARTED=$(date +%s)
log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
want() { [[ ",$ONLY," == *",$1,"* ]]; }
[[ $RUNS =~ ^[1-9][0-9]*$ && $BIG_RUNS =~ ^[1-9][0-9]*$ && $STARTUP_RUNS =~ ^[1-9][0-9]*$ ]] || die "BENCH_*RUNS must be positive integers"
[[ $LINK_MBPS =~ ^[1-9][0-9]*$ ]] || die "BENCH_LINK_MBPS must be a positive integer"
for s in ${ONLY//,/ }; do
  [[ " 1g 4g 1g-link small latency rtt large noop plan help onefile backpressure " == *" $s "* ]] || die "unknown scenario '$s' in BENCH_ONLY"
done

# ---------------------------------------------------------------- prerequisites
for cmd in dotnet curl python3; do command -v "$cmd" >/dev/null || die "$cmd is needed"; done
if [[ ! -x /usr/bin/time ]]; then
  # GNU time gives the peak RSS (%M) of the measured process and its children; Debian package "time".
  log "installing GNU time (apt-get install time)"
  { apt-get update -qq && apt-get install -y -qq time >/dev/null; } || die "/usr/bin/time is missing and could not be installed"
fi
mkdir -p "$OUT/logs" "$OUT/results" "$DATA"
rm -f "$OUT"/results/*

# ---------------------------------------------------------------- build
log "packing nexus-push (Release) and installing it into $OUT/tool"
rm -rf "$OUT/nupkg" "$OUT/tool" "$OUT/logs/pack.log"
# The pointer package, then one per RID (the linux-x64 one is Native AOT, built per RID; "any" is portable).
for rid in "" linux-x64 any; do
  dotnet pack src/NexusPush -c Release ${rid:+-r $rid} -o "$OUT/nupkg" >>"$OUT/logs/pack.log" 2>&1 || { tail -30 "$OUT/logs/pack.log"; die "dotnet pack ${rid:-(pointer)} failed"; }
done
# Works for the portable package and for RID-specific ones (the pointer package names them): install picks the right nupkg.
dotnet tool install --tool-path "$OUT/tool" --add-source "$OUT/nupkg" NexusPush >>"$OUT/logs/pack.log" 2>&1 || { tail -30 "$OUT/logs/pack.log"; die "dotnet tool install failed"; }
dll_kind() { # dll_kind DLL: "ReadyToRun" (precompiled) or "JIT" (IL only)
  # ReadyToRun images point their CLI header's ManagedNativeHeader at an "RTR" header; IL-only ones leave it 0.
  python3 - "$1" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read()
pe = struct.unpack_from("<I", d, 0x3C)[0]
sections, opt_size = struct.unpack_from("<H", d, pe + 6)[0], struct.unpack_from("<H", d, pe + 20)[0]
opt = pe + 24
dirs = opt + (96 if struct.unpack_from("<H", d, opt)[0] == 0x10B else 112)
def offset(rva):
    for i in range(sections):
        vsize, va, raw = struct.unpack_from("<IIxxxxI", d, opt + opt_size + 40 * i + 8)
        if va <= rva < va + vsize:
            return rva - va + raw
    raise SystemExit(f"{sys.argv[1]}: RVA {rva:#x} in no section")
native = struct.unpack_from("<I", d, offset(struct.unpack_from("<I", d, dirs + 14 * 8)[0]) + 64)[0]
r2r = native != 0 and d[offset(native):offset(native) + 4] == b"RTR\0"
print("ReadyToRun" if r2r else "JIT")
PY
}
# What install chose, not what pack made (it makes the pointer, "any" and linux-x64 packages): the command is a
# symlink into the store, .store/ID/VERSION/PACKAGE/VERSION/tools/TFM/RID/, beside the installed nexus-push.dll.
# A Native AOT package has no nexus-push.dll: the command itself is the native executable.
TOOL_EXE=$(readlink -f "$NP")
TOOL_DLL=$(dirname "$TOOL_EXE")/nexus-push.dll
if [[ -f $TOOL_DLL ]]; then
  TOOL_KIND=$(dll_kind "$TOOL_DLL")
elif file -L "$TOOL_EXE" | grep -q ELF; then
  TOOL_KIND="Native AOT"
else
  die "installed tool: neither nexus-push.dll nor a native executable at $TOOL_EXE"
fi
PACKAGE_KIND="$(sed -E 's#.*/\.store/[^/]+/[^/]+/([^/]+)/([^/]+)/.*#\1 \2#' <<<"$TOOL_EXE"), $TOOL_KIND"
log "installed package: $PACKAGE_KIND, from $(ls "$OUT/nupkg" | tr '\n' ' ')"
if want help; then
  # The framework-dependent JIT build, run as `dotnet nexus-push.dll`, for the --help comparison.
  log "building the portable nexus-push into $OUT/portable"
  dotnet build src/NexusPush -c Release -o "$OUT/portable" >"$OUT/logs/portable.log" 2>&1 || { tail -30 "$OUT/logs/portable.log"; die "portable build failed"; }
  PORTABLE_KIND=$(dll_kind "$OUT/portable/nexus-push.dll")
fi
log "building the bench server"
dotnet build bench/BenchServer/BenchServer.csproj -c Release -o "$OUT/server" >"$OUT/logs/server-build.log" 2>&1 || { tail -30 "$OUT/logs/server-build.log"; die "BenchServer build failed"; }

# ---------------------------------------------------------------- data
log "making test data under $DATA (reused when present)"
python3 bench/make_data.py "$DATA"
free_gib() { df -Pk "$DATA" | awk 'NR==2 { printf "%d", $4 / 1048576 }'; }
make_random() { # make_random FILE SIZE: random bytes, written aside and renamed so a broken run leaves no half file
  [[ -f $1 ]] || { log "writing $1 ($2 random bytes)"; head -c "$2" /dev/urandom >"$1.tmp" && mv "$1.tmp" "$1"; }
}
make_random "$DATA/100k.bin" 100K
if want 1g || want 1g-link; then make_random "$DATA/1g.bin" 1G; fi
SKIP_4G=""
if want 4g && [[ ! -f $DATA/4g.bin ]] && (( $(free_gib) < 12 )); then
  SKIP_4G="skipped: only $(free_gib) GiB free on the disk of $DATA, 12 GiB wanted"
  log "4 GiB scenario $SKIP_4G"
elif want 4g; then
  make_random "$DATA/4g.bin" 4G
fi

# ---------------------------------------------------------------- server
SERVER_PID=""
stop_server() {
  if [[ -n $SERVER_PID ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; fi
}
trap stop_server EXIT
trap 'exit 130' INT TERM
start_server() { # start_server [--delay-ms N] [--link-mbps N]: port 0, so the OS picks a free one; the server writes it to a file
  stop_server
  rm -f "$OUT/port"
  dotnet "$OUT/server/BenchServer.dll" --port 0 --port-file "$OUT/port" --repository "$REPO" "$@" >"$OUT/logs/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 100); do [[ -s $OUT/port ]] && break; kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  [[ -s $OUT/port ]] || { cat "$OUT/logs/server.log" >&2; die "bench server did not start"; }
  URL="http://127.0.0.1:$(cat "$OUT/port")"
  log "bench server at $URL $*"
}
reset() { curl -fsS -X POST "$URL/bench/reset${1:+?store=$1}" || die "POST /bench/reset failed"; }
stats() { curl -fsS "$URL/bench/stats" || die "GET /bench/stats failed"; }
jget() { python3 -c 'import json,sys; v = json.load(open(sys.argv[1]))[sys.argv[2]]; print(json.dumps(v) if isinstance(v, dict) else v)' "$1" "$2"; }
expect_stored() { # a baseline or run that "succeeded" but stored the wrong number of files is not a result
  stats >"$OUT/stats.json"
  local n; n=$(jget "$OUT/stats.json" storedAssets)
  [[ $n == "$1" ]] || die "$2: the server holds $n assets, expected $1"
}

# ---------------------------------------------------------------- measuring
# measure LABEL CMD...: wall time from date (ns; GNU time's %e has only 10 ms steps) and peak RSS from GNU time.
# Appends "microseconds rss_kib cpu_seconds" (user + sys) to $OUT/results/LABEL; stdout and stderr of the last run go to $OUT/logs/LABEL.*.
measure() {
  local label=$1; shift
  local t0 t1
  t0=$(date +%s%N)
  if ! /usr/bin/time -f '%M %U %S' -o "$OUT/time.tmp" "$@" >"$OUT/logs/$label.out" 2>"$OUT/logs/$label.err"; then
    tail -20 "$OUT/logs/$label.err" >&2
    die "$label failed: $*"
  fi
  t1=$(date +%s%N)
  echo "$(( (t1 - t0) / 1000 )) $(tail -1 "$OUT/time.tmp" | awk '{ print $1, $2 + $3 }')" >>"$OUT/results/$label"
}
median() { # median LABEL COLUMN (1 = µs, 2 = KiB, 3 = CPU s)
  sort -n -k"$2","$2" "$OUT/results/$1" | awk -v c="$2" '{ v[NR] = $c } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
maxof() { sort -n -k"$2","$2" "$OUT/results/$1" | tail -1 | awk -v c="$2" '{ print $c }'; }
secs() { awk -v u="$(median "$1" 1)" 'BEGIN { printf (u < 1e6) ? "%.0f ms" : "%.2f s", (u < 1e6) ? u / 1000 : u / 1e6 }'; }
mib() { awk -v k="$(maxof "$1" 2)" 'BEGIN { printf "%.0f", k / 1024 }'; }
ratio() { awk -v a="$(median "$1" 1)" -v b="$(median "$2" 1)" 'BEGIN { printf "%.2f", a / b }'; }
met() { awk "BEGIN { exit !($1) }" && echo yes || echo NO; }

ROWS=()
NOTES=()
row() { ROWS+=("| $1 | $2 | $3 | $4 | $5 | $6 | $7 |"); }

curl_upload() { # curl_upload FILE: the arguments of one multipart POST, the usual curl recipe, into CURL_ARGS
  CURL_ARGS=(curl -sS -f -o /dev/null -u "$NEXUS_USERNAME:$NEXUS_PASSWORD" -F "raw.directory=/" -F "raw.asset1=@$1"
    -F "raw.asset1.filename=$(basename "$1")" "$URL/service/rest/v1/components?repository=$REPO")
}

# ---------------------------------------------------------------- scenarios
server_cpu() { sort -n "$OUT/results/$1.server" | awk '{ v[NR] = $1 } END { printf "%.2f", v[int((NR + 1) / 2)] / 1000 }'; } # median, s

upload_big() { # upload_big LABEL NAME FILE [SERVER ARGS]
  local label=$1 name=$2 file=$3 size
  shift 3
  size=$(stat -c %s "$file")
  (( $# == 0 )) || start_server "$@"
  curl_upload "$file"
  cat "$file" >/dev/null # into the page cache first, so neither side pays the first disk read
  for i in $(seq "$BIG_RUNS"); do
    log "$label run $i/$BIG_RUNS"
    reset; measure "$label.np" "$NP" upload "$file" --repository "$REPO" --url "$URL"
    expect_stored 1 "$label nexus-push"
    jget "$OUT/stats.json" serverCpuMs >>"$OUT/results/$label.np.server"
    reset; measure "$label.curl" "${CURL_ARGS[@]}"
    expect_stored 1 "$label curl"
    jget "$OUT/stats.json" serverCpuMs >>"$OUT/results/$label.curl.server"
  done
  local rate_np rate_curl tp
  rate_np=$(awk -v s="$size" -v u="$(median "$label.np" 1)" 'BEGIN { printf "%.0f", s / 1048576 / (u / 1e6) }')
  rate_curl=$(awk -v s="$size" -v u="$(median "$label.curl" 1)" 'BEGIN { printf "%.0f", s / 1048576 / (u / 1e6) }')
  tp=$(ratio "$label.curl" "$label.np") # throughput ratio = inverse time ratio
  row "upload $name; baseline: curl -F" "$(secs "$label.np") ($rate_np MiB/s)" "$(secs "$label.curl") ($rate_curl MiB/s)" \
    "throughput ×$tp" "$(mib "$label.np") / $(mib "$label.curl") MiB" "≥ 0.90 of curl; RSS ≤ 120 MiB" \
    "$(met "$tp >= 0.90 && $(mib "$label.np") <= 120")"
  (( $# == 0 )) || start_server
  NOTES+=("Upload $name, CPU seconds (medians): nexus-push $(median "$label.np" 3) + server $(server_cpu "$label.np"); curl $(median "$label.curl" 3) + server $(server_cpu "$label.curl") — both sides share the $(nproc) cores.")
}

make_curl_config() { # one curl process, one kept-alive connection, a POST per file in sequence: the strictest sequential baseline
  local dir=$1 config=$2 file rel
  : >"$config"
  while IFS= read -r file; do
    rel=${file#"$dir"/}
    printf 'url = "%s/service/rest/v1/components?repository=%s"\nuser = "%s:%s"\nfail\noutput = "/dev/null"\nform = "raw.directory=/%s"\nform = "raw.asset1=@%s"\nform = "raw.asset1.filename=%s"\nnext\n' \
      "$URL" "$REPO" "$NEXUS_USERNAME" "$NEXUS_PASSWORD" "${rel%/*}" "$file" "${rel##*/}" >>"$config"
  done < <(find "$dir" -type f | sort)
  sed -i '$d' "$config" # no "next" after the last transfer (curl would want one more URL)
}

small_files() { # small_files LABEL MORE [SERVER ARGS]: nexus-push vs the two sequential baselines on 2,000 small files
  # MORE (may be empty): also run nexus-push with --parallel MORE, against the same seed runs (no second baseline)
  local label=$1 more=$2 dir=$DATA/small n what
  shift 2
  n=$(find "$dir" -type f | wc -l)
  (( $# == 0 )) || start_server "$@"
  make_curl_config "$PWD/$dir" "$OUT/small.curlrc"
  for i in $(seq "$RUNS"); do
    log "$label run $i/$RUNS"
    reset; measure "$label.np" "$NP" sync-dir "$dir" --raw-repository "$REPO" --url "$URL" --parallel 4
    expect_stored "$n" "$label nexus-push"
    cp "$OUT/stats.json" "$OUT/$label.stats.json"
    if [[ -n $more ]]; then
      reset; measure "$label.np$more" "$NP" sync-dir "$dir" --raw-repository "$REPO" --url "$URL" --parallel "$more"
      expect_stored "$n" "$label nexus-push --parallel $more"
      cp "$OUT/stats.json" "$OUT/$label.$more.stats.json"
    fi
    reset; measure "$label.py" python3 bench/seed_upload.py "$dir" "$URL" "$REPO"
    expect_stored "$n" "$label seed (python)"
    reset; measure "$label.curl" curl -sS -K "$OUT/small.curlrc"
    expect_stored "$n" "$label curl keep-alive"
  done
  local r1 r2 s=$OUT/$label.stats.json
  r1=$(ratio "$label.py" "$label.np"); r2=$(ratio "$label.curl" "$label.np")
  what="sync $n small files, --parallel 4, empty store"
  (( $# == 0 )) || what="$what, server takes $LATENCY_MS ms per upload"
  row "$what; baseline: seed (python, new connection per file)" "$(secs "$label.np")" "$(secs "$label.py")" \
    "speed-up ×$r1" "$(mib "$label.np") / $(mib "$label.py") MiB" "≥ ×4" "$(met "$r1 >= 4")"
  row "same; baseline: one curl, one kept-alive connection, sequential" "$(secs "$label.np")" "$(secs "$label.curl")" \
    "speed-up ×$r2" "$(mib "$label.np") / $(mib "$label.curl") MiB" "≥ ×4" "$(met "$r2 >= 4")"
  NOTES+=("$what, requests seen by the server (nexus-push, last run): $(jget "$s" requests) — POST $(jget "$s" posts), asset listing pages $(jget "$s" listingPages), HEAD $(jget "$s" heads), $(( $(jget "$s" connections) - 1 )) connection(s), max $(jget "$s" maxConnections) at once.")
  if [[ -n $more ]]; then
    local r3 s8=$OUT/$label.$more.stats.json
    r3=$(ratio "$label.py" "$label.np$more")
    row "same, --parallel $more; baseline: the same seed runs" "$(secs "$label.np$more")" "$(secs "$label.py")" \
      "speed-up ×$r3" "$(mib "$label.np$more") / $(mib "$label.py") MiB" "≥ ×4" "$(met "$r3 >= 4")"
    # With a per-upload cost that dominates, N uploads at once can be at most N times faster than one after another.
    NOTES+=("Same with --parallel $more (last run): $(jget "$s8" requests) requests, $(( $(jget "$s8" connections) - 1 )) connection(s), max $(jget "$s8" maxConnections) at once. When the server's time per upload dominates, --parallel N bounds the speed-up near ×N over a sequential client.")
  fi
  (( $# == 0 )) || start_server
}

rtt_small() { # every request costs BENCH_RTT_MS (a real network and Nexus): nexus-push at its defaults vs the seed's loop
  local dir n label r s rep pf total uploads
  start_server --request-delay-ms "$RTT_MS"
  for tree in small500 small; do
    dir=$DATA/$tree label=rtt.$tree
    n=$(find "$dir" -type f | wc -l)
    for i in $(seq "$RUNS"); do
      log "$label run $i/$RUNS"
      reset; measure "$label.np" "$NP" sync-dir "$dir" --raw-repository "$REPO" --url "$URL" --report "$OUT/$label.report.json"
      expect_stored "$n" "$label nexus-push"
      cp "$OUT/stats.json" "$OUT/$label.stats.json"
      reset; measure "$label.py" python3 bench/seed_upload.py "$dir" "$URL" "$REPO"
      expect_stored "$n" "$label seed (python)"
    done
    r=$(ratio "$label.py" "$label.np")
    row "sync $n small files at the default settings, server adds $RTT_MS ms to every request; baseline: seed (python, one POST per file in sequence)" \
      "$(secs "$label.np")" "$(secs "$label.py")" "speed-up ×$r" "$(mib "$label.np") / $(mib "$label.py") MiB" "≥ ×3.5" "$(met "$r >= 3.5")"
    s=$OUT/$label.stats.json rep=$OUT/$label.report.json
    total=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["requests"]["total"])' "$rep")
    [[ $total == "$(jget "$s" requests)" ]] || die "$label: the report counts $total requests, the server saw $(jget "$s" requests)"
    pf=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["requests"]["preflight"])' "$rep")
    uploads=$(jget "$s" posts)
    if (( n >= 1000 )); then
      row "requests per uploaded file, sync of $n new files (preflight apart)" \
        "$(awk -v t="$total" -v p="$pf" -v u="$uploads" 'BEGIN { printf "%.3f", (t - p) / u }')" "2 (upload + HEAD)" "—" "—" "≤ 1.02" \
        "$(met "($total - $pf) / $uploads <= 1.02")"
    fi
    NOTES+=("rtt, $n files (last run): the report counts $(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["requests"]))' "$rep"), the server saw $(jget "$s" requests) — POST $uploads, asset listing pages $(jget "$s" listingPages), HEAD $(jget "$s" heads).")
  done
  # The default --parallel is chosen here: the same 2,000 files at each value, against the same seed runs.
  for p in $RTT_PARALLEL; do
    for i in $(seq "$RUNS"); do
      log "rtt --parallel $p run $i/$RUNS"
      reset; measure "rtt.p$p" "$NP" sync-dir "$DATA/small" --raw-repository "$REPO" --url "$URL" --parallel "$p"
      expect_stored "$(find "$DATA/small" -type f | wc -l)" "rtt --parallel $p"
    done
    row "same 2,000 files, --parallel $p; baseline: the same seed runs" "$(secs "rtt.p$p")" "$(secs rtt.small.py)" "speed-up ×$(ratio rtt.small.py "rtt.p$p")" "$(mib "rtt.p$p") MiB" "—" "—"
  done
  start_server
}

large_repository() { # 2,000 new files into a repository already holding LARGE_ASSETS: what verification costs there
  local dir=$DATA/small n label=large s rep pf total uploads pages
  n=$(find "$dir" -type f | wc -l)
  for i in $(seq "$RUNS"); do
    log "$label run $i/$RUNS"
    reset; curl -fsS -X POST "$URL/bench/seed?repository=$REPO&count=$LARGE_ASSETS" || die "POST /bench/seed failed"; reset false
    measure "$label.np" "$NP" sync-dir "$dir" --raw-repository "$REPO" --url "$URL" --report "$OUT/$label.report.json"
    expect_stored "$(( n + LARGE_ASSETS ))" "$label nexus-push"
    cp "$OUT/stats.json" "$OUT/$label.stats.json"
  done
  s=$OUT/$label.stats.json rep=$OUT/$label.report.json
  total=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["requests"]["total"])' "$rep")
  pf=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["requests"]["preflight"])' "$rep")
  uploads=$(jget "$s" posts) pages=$(jget "$s" listingPages)
  # The comparison reads the repository once ($LARGE_ASSETS / 100 + 1 pages); what is left is the verification's.
  local compare=$(( LARGE_ASSETS / 100 + 1 ))
  row "requests per uploaded file for verification, $n new files into a repository of $LARGE_ASSETS assets (preflight and the comparison's one read apart)" \
    "$(awk -v t="$total" -v p="$pf" -v c="$compare" -v u="$uploads" 'BEGIN { printf "%.3f", (t - p - c - u) / u }')" "1 (a HEAD each)" "—" "—" "≤ 1, never a whole read per batch" \
    "$(met "($total - $pf - $compare - $uploads) / $uploads <= 1 && $pages <= $compare")"
  NOTES+=("large, $n files into $LARGE_ASSETS assets (last run): the report counts $(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["requests"]))' "$rep"), the server saw $(jget "$s" requests) — POST $uploads, asset listing pages $pages (the comparison's read: $compare), HEAD $(jget "$s" heads); $(secs "$label.np").")
}

noop_resync() {
  local dir=$DATA/small n
  n=$(find "$dir" -type f | wc -l)
  for i in $(seq "$RUNS"); do
    log "no-op re-sync run $i/$RUNS"
    reset; measure noop.first "$NP" sync-dir "$dir" --raw-repository "$REPO" --url "$URL" --parallel 4
    reset false; measure noop.resync "$NP" sync-dir "$dir" --raw-repository "$REPO" --url "$URL" --parallel 4
    stats >"$OUT/noop.stats.json"
    [[ $(jget "$OUT/noop.stats.json" storedAssets) == "$n" ]] || die "no-op re-sync: store does not hold $n assets"
  done
  local s=$OUT/noop.stats.json posts r
  posts=$(jget "$s" posts)
  r=$(ratio noop.resync noop.first)
  row "no-op re-sync of the $n files (store holds them); baseline: the first sync" "$(secs noop.resync)" "$(secs noop.first)" \
    "$(awk -v r="$r" 'BEGIN { printf "%.0f %%", r * 100 }') of first" "$(mib noop.resync) / $(mib noop.first) MiB" "≤ 10 %; 0 POSTs" \
    "$(met "$r <= 0.10 && $posts == 0")"
  NOTES+=("No-op re-sync, requests seen by the server (last run): $(jget "$s" requests) in all — POST $posts, asset listing pages $(jget "$s" listingPages), HEAD $(jget "$s" heads), $(( $(jget "$s" connections) - 1 )) connection(s); by endpoint: \`$(jget "$s" byEndpoint)\`.")
}

plan_offline() {
  local dir=$DATA/tree n
  n=$(find "$dir" -type f | wc -l)
  for i in $(seq "$RUNS"); do
    log "plan run $i/$RUNS"
    reset; measure plan.np "$NP" sync-dir "$dir" --dry-run --raw-repository "$REPO"
    stats >"$OUT/plan.stats.json" # the server runs meanwhile: an offline plan sends it nothing
    [[ $(jget "$OUT/plan.stats.json" requests) == 0 ]] || die "plan: nexus-push talked to a server; it must plan offline"
    measure plan.find bash -c 'find "$1" -type f | wc -l' _ "$dir"
  done
  local u
  u=$(median plan.np 1)
  row "plan $n files offline (sync-dir --dry-run, no URL); baseline: find \\| wc -l" "$(secs plan.np)" "$(secs plan.find)" \
    "×$(ratio plan.np plan.find) the time" "$(mib plan.np) / $(mib plan.find) MiB" "seconds; RSS ≤ 300 MiB" \
    "$(met "$u <= 30e6 && $(mib plan.np) <= 300")"
  NOTES+=("Plan: last line of the report: \`$(tail -1 "$OUT/logs/plan.np.out")\`.")
}

startup_help() {
  for i in $(seq "$STARTUP_RUNS"); do
    measure help.tool "$NP" --help
    measure help.portable dotnet "$OUT/portable/nexus-push.dll" --help
  done
  local u
  u=$(median help.tool 1)
  row "\`nexus-push --help\`, installed tool package: $PACKAGE_KIND ($STARTUP_RUNS runs)" "$(secs help.tool)" "—" "—" "$(mib help.tool) MiB" "≤ 100 ms" "$(met "$u <= 100000")"
  u=$(median help.portable 1)
  row "\`dotnet nexus-push.dll --help\`, portable build: $PORTABLE_KIND ($STARTUP_RUNS runs)" "$(secs help.portable)" "—" "—" "$(mib help.portable) MiB" "≤ 100 ms" "$(met "$u <= 100000")"
}

one_file() {
  local file=$DATA/100k.bin u
  curl_upload "$file"
  for i in $(seq "$STARTUP_RUNS"); do
    reset; measure onefile.np "$NP" upload "$file" --repository "$REPO" --url "$URL"
    stats >"$OUT/onefile.stats.json"
    reset; measure onefile.curl "${CURL_ARGS[@]}"
    expect_stored 1 "one-file curl"
  done
  u=$(median onefile.np 1)
  row "upload one 100 KiB file ($STARTUP_RUNS runs), installed tool package: $PACKAGE_KIND; baseline: curl -F" "$(secs onefile.np)" "$(secs onefile.curl)" "×$(ratio onefile.np onefile.curl) the time" \
    "$(mib onefile.np) / $(mib onefile.curl) MiB" "≤ 300 ms" "$(met "$u <= 300000")"
  local s=$OUT/onefile.stats.json
  NOTES+=("One-file upload, requests seen by the server (last run): $(jget "$s" requests) for 1 POST — \`$(jget "$s" byEndpoint)\`.")
}

backpressure() {
  local dir=$DATA/bp n max_conn=0 max_flight=0 c f
  n=$(find "$dir" -type f | wc -l)
  start_server --delay-ms "$BP_DELAY_MS"
  for i in $(seq "$RUNS"); do
    log "backpressure run $i/$RUNS"
    reset; measure bp.np "$NP" sync-dir "$dir" --raw-repository "$REPO" --url "$URL" --parallel 4
    stats >"$OUT/bp.stats.json"
    c=$(jget "$OUT/bp.stats.json" maxConnections); f=$(jget "$OUT/bp.stats.json" maxInFlight)
    max_conn=$(( c > max_conn ? c : max_conn )); max_flight=$(( f > max_flight ? f : max_flight ))
    [[ $(jget "$OUT/bp.stats.json" storedAssets) == "$n" ]] || die "backpressure: store does not hold $n assets"
  done
  local floor
  floor=$(awk -v n="$n" -v d="$BP_DELAY_MS" 'BEGIN { printf "%.1f s", n * d / 1000 / 4 }')
  row "backpressure: sync $n files, server waits $BP_DELAY_MS ms per upload, --parallel 4" "$(secs bp.np)" "floor $floor" \
    "max $max_conn connections, $max_flight requests in flight" "$(mib bp.np) MiB" "≤ 4 connections" "$(met "$max_conn <= 4")"
  start_server
}

contention_note() { # first note: why the unthrottled big uploads fall short of curl, in CPU s per GiB (1 GiB runs, else 4 GiB)
  local label=upload1g gib=1
  [[ -f $OUT/results/$label.np ]] || { label=upload4g; gib=4; }
  [[ -f $OUT/results/$label.np ]] || return 0
  per_gib() { awk -v s="$1" -v g="$gib" 'BEGIN { printf "%.2f", s / g }'; }
  NOTES=("Unthrottled big uploads measure CPU contention, not the network: client and server share the $(nproc) cores, and per GiB nexus-push burns $(per_gib "$(median "$label.np" 3)") CPU s (SHA-1 and SHA-256 of all it sends), curl $(per_gib "$(median "$label.curl" 3)"), the server $(per_gib "$(server_cpu "$label.np")") / $(per_gib "$(server_cpu "$label.curl")") (in those runs)$(if want 1g-link; then echo "; the $LINK_MBPS Mbit/s row paces the server's reads to a network's speed, which leaves the CPU room"; fi)." "${NOTES[@]}")
}

# ---------------------------------------------------------------- run
# (if, not &&: bash turns errexit off inside a function called on the left of && or ||)
start_server
if want 1g; then upload_big upload1g "1 GiB" "$DATA/1g.bin"; fi
if want 4g; then
  if [[ -n $SKIP_4G ]]; then row "upload 4 GiB" "—" "—" "—" "—" "—" "$SKIP_4G"; else upload_big upload4g "4 GiB" "$DATA/4g.bin"; fi
fi
if want 1g-link; then
  upload_big upload1glink "1 GiB, server reads at most $LINK_MBPS Mbit/s ($(awk -v m="$LINK_MBPS" 'BEGIN { printf "%.0f", m * 1e6 / 8 / 1048576 }') MiB/s)" "$DATA/1g.bin" --link-mbps "$LINK_MBPS"
fi
contention_note
if want small; then small_files small ""; fi
if want latency; then small_files latency 8 --delay-ms "$LATENCY_MS"; fi
if want rtt; then rtt_small; fi
if want large; then large_repository; fi
if want noop; then noop_resync; fi
if want plan; then plan_offline; fi
if want help; then startup_help; fi
if want onefile; then one_file; fi
if want backpressure; then backpressure; fi
stop_server

# ---------------------------------------------------------------- report
ELAPSED=$(( $(date +%s) - STARTED ))
{
  echo "# nexus-push benchmark results"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(free -g | awk '/^Mem:/ { print $2 }') GiB RAM"
  echo "- .NET SDK $(dotnet --version); $(curl --version | head -1 | cut -d' ' -f1-2); $(python3 --version)"
  echo "- nexus-push from commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src 2>/dev/null || echo ' with uncommitted changes in src/'), installed tool package: $PACKAGE_KIND"
  echo "- command: \`BENCH_RUNS=$RUNS BENCH_BIG_RUNS=$BIG_RUNS BENCH_STARTUP_RUNS=$STARTUP_RUNS BENCH_ONLY=$ONLY bash bench/run.sh\`; total $((ELAPSED / 60)) min $((ELAPSED % 60)) s"
  echo "- medians of the runs; peak RSS is the largest of the runs (GNU time %M); nexus-push runs with its default preflight"
  echo
  echo "| scenario | nexus-push median | baseline median | ratio | peak RSS (nexus-push / baseline) | target | met? |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
  if (( ${#NOTES[@]} > 0 )); then
    echo
    for note in "${NOTES[@]}"; do echo "- $note"; done
  fi
} >"$OUT/RESULTS.md"
cp "$OUT/RESULTS.md" bench/RESULTS.md
cat bench/RESULTS.md
log "done in ${ELAPSED} s; table written to bench/RESULTS.md"

#!/usr/bin/env bash
# The steganalysis study of docs/steganalysis.md, end to end and rerunnable:
#   Debian's photo packages → 256×256 grayscale quality-75 covers → J-UNIWARD and UERD at 0.4 bpnzAC →
#   three detectors trained from scratch with one budget (vanilla efficientnet_b0, efficientnet_b0 with the
#   post-stem surgery, seresnet18 with stem-stride=1,no-stem-pool) and, on the same split, DCTR and GFR features
#   with the FLD ensemble → one table: test P_E, wAUC, MACs, peak training memory, time.
#
# usage: bench/study/steganalysis-study.sh [--scale tiny|cpu|gpu] [--out DIR] [--photos DIR] [--no-install]
#          [--covers N] [--epochs E] [--crop C] [--batch B] [--threads T] [--max-photos N]
#   --scale cpu   (default) about an hour on 2 CPU cores (75 minutes measured on a loaded machine): 600 covers,
#                 128-pixel training crops, 2 epochs
#   --scale gpu   a real study for a big machine: 6000 covers, whole 256-pixel covers, 30 epochs
#   --scale tiny  a few minutes: proves the pipeline end to end (its numbers mean nothing)
#   --photos DIR  use these photos instead of the Debian packages (then nothing is installed)
#   --no-install  do not run apt-get (the packages are already there)
# Everything goes under --out (default: ./steganalysis-study); a step whose output exists is skipped, so a stopped
# study continues where it was. The table is written to OUT/results.md and printed.
set -euo pipefail
export LC_ALL=C.UTF-8   # byte-order sorting, and UTF-8 output from the JVM
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
EMN="$ROOT/bin/emn"
SCALE=cpu OUT=steganalysis-study PHOTOS="" INSTALL=1
COVERS="" EPOCHS="" CROP="" BATCH="" THREADS=0 MAXPHOTOS=""
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) SCALE=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --photos) PHOTOS=$2; INSTALL=0; shift 2 ;;
    --no-install) INSTALL=0; shift ;;
    --covers) COVERS=$2; shift 2 ;;
    --epochs) EPOCHS=$2; shift 2 ;;
    --crop) CROP=$2; shift 2 ;;
    --batch) BATCH=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --max-photos) MAXPHOTOS=$2; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "steganalysis-study: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case "$SCALE" in
  tiny) : "${COVERS:=24}" "${EPOCHS:=1}" "${CROP:=64}" "${BATCH:=8}" "${MAXPHOTOS:=6}" ;;
  cpu)  : "${COVERS:=600}" "${EPOCHS:=2}" "${CROP:=128}" "${BATCH:=16}" "${MAXPHOTOS:=100000}" ;;
  gpu)  : "${COVERS:=6000}" "${EPOCHS:=30}" "${CROP:=0}" "${BATCH:=32}" "${MAXPHOTOS:=100000}" ;;
  *) echo "steganalysis-study: --scale must be tiny, cpu or gpu, got '$SCALE'" >&2; exit 2 ;;
esac
if [ "$CROP" -gt 0 ]; then RES=$CROP; else RES=256; fi
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
log() { echo "[study $(date -u +%H:%M:%S)] $*" >&2; }

# 1. photos
if [ -z "$PHOTOS" ]; then
  PKGS="forensics-samples-files lomiri-wallpapers-16.04 mate-backgrounds plasma-workspace-wallpapers"
  if [ "$INSTALL" = 1 ]; then
    missing=""
    for p in $PKGS; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
    if [ -n "$missing" ]; then
      log "installing$missing (apt-get; needs root or sudo)"
      if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO=sudo; fi
      $SUDO apt-get update -qq && $SUDO apt-get install -y -qq $missing
    fi
  fi
  PHOTOS="$OUT/photos"
  if [ ! -d "$PHOTOS" ]; then
    mkdir -p "$PHOTOS.tmp"
    # one link per picture, named after its path so that names never clash; a wallpaper shipped in several
    # resolutions (plasma's NAME/contents/images*/WxH.jpg) counts once, at its largest file, so that no near-copy
    # of a cover can land in another split
    for p in $PKGS; do
      dpkg -L "$p" 2>/dev/null | { grep -iE '\.(jpe?g|png)$' || true; } | while read -r f; do
        if [ -f "$f" ]; then
          printf '%s\t%s\t%s\n' "$(echo "$f" | sed 's#/contents/.*##')" "$(stat -L -c %s "$f")" "$f"
        fi
      done
    done | sort -t$'\t' -k1,1 -k2,2nr | awk -F'\t' '!seen[$1]++ {print $3}' | sort > "$OUT/photo-list.txt"
    head -n "$MAXPHOTOS" "$OUT/photo-list.txt" | while read -r f; do
      name=$(echo "${f#/usr/share/}" | tr '/ ' '__')
      ln -sf "$f" "$PHOTOS.tmp/$name"
    done
    mv "$PHOTOS.tmp" "$PHOTOS"
  fi
fi
n=$(find -L "$PHOTOS" -maxdepth 1 -type f | wc -l)
[ "$n" -gt 0 ] || { echo "steganalysis-study: no photos in $PHOTOS" >&2; exit 1; }
log "$n photos in $PHOTOS"

# 2. covers: 256×256 grayscale tiles, quality 75, flat tiles left out; then a seeded choice of COVERS of them
if [ ! -d "$OUT/tiles" ]; then
  "$EMN" stego prepare --photos "$PHOTOS" --out "$OUT/tiles.tmp" --size 256 --tile --quality 75 --min-nzac 200
  mv "$OUT/tiles.tmp" "$OUT/tiles"
fi
if [ ! -d "$OUT/covers" ]; then
  mkdir -p "$OUT/covers.tmp"
  ls "$OUT/tiles" | grep '\.jpg$' | sort | awk 'BEGIN{srand(1)} {print rand() "\t" $0}' | sort -k1,1 | cut -f2 \
    > "$OUT/tile-order.txt"
  head -n "$COVERS" "$OUT/tile-order.txt" | while read -r f; do cp "$OUT/tiles/$f" "$OUT/covers.tmp/$f"; done
  mv "$OUT/covers.tmp" "$OUT/covers"
fi
nc=$(ls "$OUT/covers" | wc -l)
log "$nc covers in $OUT/covers (of $(ls "$OUT/tiles" | wc -l) tiles)"

# 3. stegos
for algo in j-uniward uerd; do
  "$EMN" stego embed --algo "$algo" --payload 0.4 --covers "$OUT/covers" --out "$OUT/$algo-0.4" --seed 1 >&2
done

# 4. detectors: one budget (same data, split, epochs, batch, crop, optimizer, schedule) for every network
NETS=("efficientnet_b0|" "efficientnet_b0|stem-stride=1,insert=2" "seresnet18|stem-stride=1,no-stem-pool")
CROPARG=()
[ "$CROP" -gt 0 ] && CROPARG=(--crop "$CROP")
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "steganalysis-study: needs /usr/bin/time (Debian package time) to measure memory" >&2; exit 1; }
rows=()
for algo in j-uniward uerd; do
  for net in "${NETS[@]}"; do
    model=${net%%|*}; surgery=${net#*|}
    tag="$algo-$model"
    if [ -n "$surgery" ]; then tag="$tag-$(echo "$surgery" | tr ',=' '_-')"; fi
    run="$OUT/runs/$tag"
    if [ ! -f "$run/test-metrics.json" ]; then
      rm -rf "$run"; mkdir -p "$OUT/runs"
      log "training $tag ($EPOCHS epochs, crop ${CROP:-none}, batch $BATCH)"
      surg=(); [ -n "$surgery" ] && surg=(--surgery "$surgery")
      $TIME -f "%e %M" -o "$OUT/runs/$tag.time" "$EMN" stego train --covers "$OUT/covers" --stegos "$OUT/$algo-0.4" \
        --model "$model" "${surg[@]}" "${CROPARG[@]}" --epochs "$EPOCHS" --batch "$BATCH" --lr 1e-3 --optimizer adamw \
        --schedule cosine --val-fraction 0.1 --test-fraction 0.2 --seed 1 --threads "$THREADS" --out "$run" >&2
    fi
    surg=(); [ -n "$surgery" ] && surg=(--surgery "$surgery")
    macs=$("$EMN" summary "$model" "${surg[@]}" --in-chans 1 --classes 2 --resolution "$RES" --json 2>/dev/null \
      | grep -o '"macs": *[0-9]*' | grep -o '[0-9]*$' | sed -n 1p)
    m="$run/test-metrics.json"
    # the first "pe" / "wauc" are the detector's (a nested "chance" object repeats the names)
    pe=$(grep -o '"pe": *[0-9.eE-]*' "$m" | grep -o '[0-9.eE-]*$' | sed -n 1p)
    wauc=$(grep -o '"wauc": *[0-9.eE-]*' "$m" | grep -o '[0-9.eE-]*$' | sed -n 1p)
    read -r secs kb < "$OUT/runs/$tag.time"
    rows+=("$(printf '| %s | %s | %s | %.4f | %.4f | %.2f | %.0f | %.1f |' "$algo" "$model" "${surgery:-none}" "$pe" "$wauc" \
      "$(echo "$macs" | awk '{print $1/1e9}')" "$(echo "$kb" | awk '{print $1/1024}')" "$(echo "$secs" | awk '{print $1/60}')")")
  done
done

# 5. the classic baselines on the very same split: rich-model features (DCTR, GFR) + the FLD ensemble, trained on
#    the training and validation covers with their stegos, tested on the test covers with theirs
#    (docs/stego-attacks.md)
SPLIT="$OUT/runs/j-uniward-efficientnet_b0/split.csv"
for f in "$OUT"/runs/*/split.csv; do
  cmp -s "$f" "$SPLIT" || { echo "steganalysis-study: $f differs from $SPLIT (one split for every detector)" >&2; exit 1; }
done
classic=()
for kind in dctr gfr; do
  case $kind in dctr) label="DCTR (8000-D)" ;; gfr) label="GFR (17000-D)" ;; esac
  for algo in j-uniward uerd; do
    d="$OUT/$kind/$algo"
    if [ ! -f "$d/test-pe.txt" ]; then
      rm -rf "$d"; mkdir -p "$d"
      for part in fit test; do
        mkdir -p "$d/$part/covers" "$d/$part/stegos"
        if [ "$part" = fit ]; then pat='train|val'; else pat='test'; fi
        awk -F, -v p="^($pat)\$" 'NR>1 && $2 ~ p {print $1}' "$SPLIT" | while read -r c; do
          ln -s "$OUT/covers/$c" "$d/$part/covers/$c"
          ln -s "$OUT/$algo-0.4/$c" "$d/$part/stegos/$c"
        done
        "$EMN" stego features --kind "$kind" "$d/$part/covers" "$d/$part/stegos" --out "$d/$part.npy" \
          --threads "$(nproc)" >&2
      done
      log "$label + ensemble on $algo"
      $TIME -f "%e %M" -o "$d/ensemble.time" "$EMN" stego ensemble train --features "$d/fit.npy" --out "$d/model.fld" \
        --seed 1 --threads "$(nproc)" > "$d/train.txt"
      "$EMN" stego ensemble eval --model "$d/model.fld" --features "$d/test.npy" > "$d/test-pe.txt.tmp"
      mv "$d/test-pe.txt.tmp" "$d/test-pe.txt"
    fi
    pe=$(grep -o 'P_E [0-9.]*' "$d/test-pe.txt" | grep -o '[0-9.]*$')
    read -r secs kb < "$d/ensemble.time"
    classic+=("$(printf '| %s | %s + FLD ensemble | — | %.4f | — | — | %.0f | %.1f (ensemble) |' "$algo" "$label" "$pe" \
      "$(echo "$kb" | awk '{print $1/1024}')" "$(echo "$secs" | awk '{print $1/60}')")")
  done
done

{
  echo "Steganalysis study, scale $SCALE: $nc covers 256×256 gray q75 ($(ls "$OUT/tiles" | wc -l) tiles from $n photos),"
  echo "J-UNIWARD and UERD at 0.4 bpnzAC; split 70/10/20 by cover (seed 1); $EPOCHS epochs, batch $BATCH,"
  echo "training crop ${CROP} (0: whole covers), AdamW 1e-3 cosine, from scratch; $(nproc) cores, threads $THREADS (0: engine default)."
  echo "Run on $(date -u +%Y-%m-%d) on $(uname -n)."
  echo
  echo "| algorithm | network | surgery | test P_E | test wAUC | GMACs/image at $RES | peak RSS MiB | training min |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
  printf '%s\n' "${rows[@]}"
  printf '%s\n' "${classic[@]}"
  echo
  echo "Chance: P_E 0.5, wAUC 0.586. Peak RSS is the whole training process's (/usr/bin/time); time is wall-clock."
  echo "The DCTR and GFR rows: features of the training and validation covers and stegos, ensemble with automatic d_sub and L"
  echo "(seed 1), P_E on the test pairs (its minimum-error threshold is the ensemble's majority vote, not chosen on test)."
} | tee "$OUT/results.md"

#!/usr/bin/env bash
# Adversarial steganography on real photos (docs/advsteg.md, "On real photos"): Debian's photo packages cut into
# face-size colour crops (standing in for CelebA), Alice, Bob and Eve trained with the reference's recipe (Hayes &
# Danezis; losses, weights a/b/c, optimizers and learning rate as spencerwooo/advsteg-pytorch) and with the named
# residual variant on the same covers, then each scheme judged on held-out covers by fresh detectors (Eve's
# architecture anew and the SRMQ1 + FLD ensemble). One table: Bob's bit accuracy, PSNR/SSIM, the judges' P_E.
#
# usage: bench/study/advsteg-study.sh [--scale cpu|gpu|tiny] [--out DIR] [--photos DIR] [--width W] [--epochs E]
#          [--covers N] [--threads T]
#   --scale cpu   (default) about 30 minutes on 2 cores: up to 1,600 training + 400 held-out crops, width 32 (77×77),
#                 100-bit messages, 20 epochs per scheme (up to about 2,700 steps)
#   --scale gpu   the reference's sizes: width 64 (109×109), 100 bits, 20,000 crops, 100 epochs (Alice alone has
#                 ~297 M parameters: a GPU's job)
#   --scale tiny  a few minutes: proves the pipeline (its numbers mean nothing)
#   --photos DIR  photos to cut (default: the Debian packages of the steganalysis study, which must be installed:
#                 see bench/study/steganalysis-study.sh)
# Everything goes under --out (default ./advsteg-study); a step whose output exists is skipped.
set -euo pipefail
export LC_ALL=C.UTF-8
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
EMN="$ROOT/bin/emn"
SCALE=cpu OUT=advsteg-study PHOTOS="" WIDTH="" EPOCHS="" COVERS="" THREADS=0
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) SCALE=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --photos) PHOTOS=$2; shift 2 ;;
    --width) WIDTH=$2; shift 2 ;;
    --epochs) EPOCHS=$2; shift 2 ;;
    --covers) COVERS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "advsteg-study: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case "$SCALE" in
  tiny) : "${WIDTH:=16}" "${EPOCHS:=1}" "${COVERS:=60}" ;;
  cpu)  : "${WIDTH:=32}" "${EPOCHS:=20}" "${COVERS:=2000}" ;;
  gpu)  : "${WIDTH:=64}" "${EPOCHS:=100}" "${COVERS:=25000}" ;;
  *) echo "advsteg-study: --scale must be tiny, cpu or gpu, got '$SCALE'" >&2; exit 2 ;;
esac
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
log() { echo "[advsteg-study $(date -u +%H:%M:%S)] $*" >&2; }

# 1. photos: the Debian packages' pictures, one link each (as the steganalysis study)
if [ -z "$PHOTOS" ]; then
  PHOTOS="$OUT/photos"
  if [ ! -d "$PHOTOS" ]; then
    mkdir -p "$PHOTOS.tmp"
    for p in forensics-samples-files lomiri-wallpapers-16.04 mate-backgrounds plasma-workspace-wallpapers; do
      dpkg -L "$p" 2>/dev/null | { grep -iE '\.(jpe?g|png)$' || true; } | while read -r f; do
        [ -f "$f" ] && ln -sf "$f" "$PHOTOS.tmp/$(echo "${f#/usr/share/}" | tr '/ ' '__')"
      done
    done
    mv "$PHOTOS.tmp" "$PHOTOS"
  fi
fi
[ "$(find -L "$PHOTOS" -maxdepth 1 -type f | wc -l)" -gt 0 ] || { echo "advsteg-study: no photos in $PHOTOS" >&2; exit 1; }

# 2. face-size colour crops: every 128×128 tile of every photo, 4×4 block means first (a photo's texture at about
#    CelebA's scale), PNG; then a seeded choice of COVERS, 80 % to train and 20 % held out for the judges
if [ ! -d "$OUT/tiles" ]; then
  "$EMN" stego prepare --photos "$PHOTOS" --out "$OUT/tiles.tmp" --size 128 --tile --color --downscale 4
  mv "$OUT/tiles.tmp" "$OUT/tiles"
fi
if [ ! -d "$OUT/train" ]; then
  ls "$OUT/tiles" | grep '\.png$' | sort | awk 'BEGIN{srand(2)} {print rand() "\t" $0}' | sort -k1,1 | cut -f2 \
    > "$OUT/tile-order.txt"
  head -n "$COVERS" "$OUT/tile-order.txt" > "$OUT/cover-order.txt"
  n=$(wc -l < "$OUT/cover-order.txt")
  ntrain=$(( n * 4 / 5 ))
  mkdir -p "$OUT/train.tmp" "$OUT/heldout"
  head -n "$ntrain" "$OUT/cover-order.txt" | while read -r f; do cp "$OUT/tiles/$f" "$OUT/train.tmp/"; done
  tail -n +"$((ntrain + 1))" "$OUT/cover-order.txt" | while read -r f; do cp "$OUT/tiles/$f" "$OUT/heldout/"; done
  mv "$OUT/train.tmp" "$OUT/train"
fi
log "$(ls "$OUT/train" | wc -l) training covers, $(ls "$OUT/heldout" | wc -l) held out"

# 3. train each scheme with the reference's recipe (lr 1e-4 as the reference; the residual variant at its default
#    strength), then judge it on the held-out covers
rows=()
for variant in reference residual; do
  run="$OUT/runs/$variant"
  if [ ! -f "$run/history.csv" ] || [ "$(tail -n +2 "$run/history.csv" | wc -l)" -lt "$EPOCHS" ]; then
    log "training $variant (width $WIDTH, $EPOCHS epochs)"
    if [ -f "$run/advsteg.json" ]; then
      "$EMN" advsteg train --resume "$run" --data "$OUT/train" --epochs "$EPOCHS" --threads "$THREADS" >&2
    else
      "$EMN" advsteg train --data "$OUT/train" --out "$run" --variant "$variant" --width "$WIDTH" --msg-len 100 \
        --in-chans 3 --epochs "$EPOCHS" --lr 1e-4 --seed 1 --threads "$THREADS" >&2
    fi
  fi
  if [ ! -f "$run/judge.json" ]; then
    log "judging $variant"
    "$EMN" advsteg judge --run "$run" --data "$OUT/heldout" --judge eve,ensemble --epochs 10 --seed 1 \
      --threads "$THREADS" --out "$run/judge" --json > "$run/judge.json.tmp"
    mv "$run/judge.json.tmp" "$run/judge.json"
  fi
  last=$(tail -n 1 "$run/history.csv")
  rows+=("$variant|$(head -n 1 "$run/history.csv")|$last|$(tr -d '\n ' < "$run/judge.json")")
done

col() { # value of column $2 in the CSV line $3 whose header is $1
  awk -F, -v h="$1" -v name="$2" -v l="$3" 'BEGIN { n = split(h, H, ","); split(l, V, ","); for (i = 1; i <= n; i++) if (H[i] == name) print V[i] }'
}
{
  echo "Adversarial steganography on real photos, scale $SCALE: $(ls "$OUT/train" | wc -l) training and"
  echo "$(ls "$OUT/heldout" | wc -l) held-out 128×128 colour crops (4×4 block means) of $(find -L "$PHOTOS" -maxdepth 1 -type f | wc -l) photos,"
  echo "width $WIDTH, 100-bit messages, $EPOCHS epochs, lr 1e-4 (the reference's), seed 1. Run on $(date -u +%Y-%m-%d)."
  echo
  echo "| scheme | Bob's bits (validation) | PSNR dB | SSIM | Bob's bits (stored stegos) | P_E: the game's Eve | P_E: Eve afresh | P_E: SRMQ1 + FLD |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
  for r in "${rows[@]}"; do
    IFS='|' read -r variant header last judge <<< "$r"
    pes=($(echo "$judge" | grep -o '"pe":[0-9.eE-]*' | cut -d: -f2))
    bob=$(echo "$judge" | grep -o '"bobBitAccuracy":[0-9.eE-]*' | cut -d: -f2)
    printf '| %s | %.3f | %.1f | %.3f | %.3f | %.3f | %.3f | %.3f |\n' "$variant" "$(col "$header" val_bit_acc "$last")" \
      "$(col "$header" psnr "$last")" "$(col "$header" ssim "$last")" "$bob" "${pes[0]}" "${pes[1]}" "${pes[2]}"
  done
  echo
  echo "Chance: bits 0.5, P_E 0.5. The judges train on half of the held-out pairs and score the other half."
} | tee "$OUT/results.md"

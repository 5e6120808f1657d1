#!/bin/sh
# Makes the STC reference data from the reference implementation of Filler, Judas and Fridrich (as shipped in
# daniellerch/pySTC; fetch it, then pass its git directory or checkout):
#   stego/src/test/resources/stc/reference_stc.sh /work/.mirror/daniellerch+pySTC/repo
# 1. the table of submatrices (numbers only) -> stego/src/main/resources/.../stc/submatrices.txt
# 2. reference_stc.txt: for each case "h n m distortion cover costs message stego syndrome" as the reference's
#    stc_embed / stc_extract give them (driver: stc_driver.cpp, ours).
set -e
src="$1"
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../../.." && pwd)
work=$(mktemp -d)
if [ -d "$src/pystc" ]; then cp "$src"/pystc/*.cpp "$src"/pystc/*.h "$work"; else
  for f in common.cpp common.h stc_embed_c.cpp stc_embed_c.h stc_extract_c.cpp stc_extract_c.h; do
    git --git-dir="$src" show "HEAD:pystc/$f" > "$work/$f"; done; fi
table="$root/stego/src/main/resources/org/efficientmixnet/stego/stc/submatrices.txt"
{
  echo "# STC submatrix columns for constraint heights 7..12 (400 numbers each: widths 1..20, 20 slots per width),"
  echo "# from the reference implementation of Filler, Judas, Fridrich (common.cpp, array mats); made by"
  echo "# stego/src/test/resources/stc/reference_stc.sh"
  sed -n '/^u32 mats\[\] = {/,/^};/p' "$work/common.cpp" | sed '1d;$d'
} > "$table"
g++ -w -O2 -msse2 -o "$work/stc_driver" "$here/stc_driver.cpp" "$work/common.cpp" "$work/stc_embed_c.cpp" \
    "$work/stc_extract_c.cpp" -I"$work"
out="$here/reference_stc.txt"
: > "$out"
seed=1
for c in "7 120 40" "7 400 21" "8 300 100" "10 500 50" "10 603 100" "10 800 35" "11 250 120" "12 640 64" \
         "4 300 60" "5 200 9" "13 600 30" "6 64 60" "10 1000 999" "9 150 150"; do
  set -- $c
  "$work/stc_driver" $1 $2 $3 $seed >> "$out"
  seed=$((seed + 1))
done
rm -rf "$work"

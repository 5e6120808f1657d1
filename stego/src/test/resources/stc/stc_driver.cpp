// Our driver around the reference STC (not part of it): prints, for one case, the cover bits, the costs,
// the reference's minimal distortion and stego bits (stc_embed) and the syndrome it extracts (stc_extract).
// Usage: stc_driver H N M SEED
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include "stc_embed_c.h"
#include "stc_extract_c.h"

static uint64_t state;
static uint64_t next_u64() { // splitmix64
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

int main(int argc, char **argv) {
    if (argc != 5) { fprintf(stderr, "usage: stc_driver H N M SEED\n"); return 2; }
    int h = atoi(argv[1]), n = atoi(argv[2]), m = atoi(argv[3]);
    state = strtoull(argv[4], 0, 10);
    u8 *cover = new u8[n], *stego = new u8[n], *msg = new u8[m], *ext = new u8[m];
    double *cost = new double[n];
    for (int i = 0; i < n; i++) {
        cover[i] = next_u64() & 1;
        // costs with two decimals, so that the text form is exact
        cost[i] = (double) (1 + next_u64() % 1000) / 100.0;
    }
    for (int i = 0; i < m; i++) msg[i] = next_u64() & 1;
    double d = stc_embed(cover, n, msg, m, cost, true, stego, h);
    stc_extract(stego, n, ext, m, h);
    printf("%d %d %d %.9g ", h, n, m, d);
    for (int i = 0; i < n; i++) putchar('0' + cover[i]);
    putchar(' ');
    for (int i = 0; i < n; i++) printf(i ? ",%.2f" : "%.2f", cost[i]);
    putchar(' ');
    for (int i = 0; i < m; i++) putchar('0' + msg[i]);
    putchar(' ');
    for (int i = 0; i < n; i++) putchar('0' + stego[i]);
    putchar(' ');
    for (int i = 0; i < m; i++) putchar('0' + ext[i]);
    putchar('\n');
    return 0;
}

/* Times qr1405_read_text through the C ABI (scripts/bench-bindings.sh): one line per text of
 * scripts/bench-texts.txt, "name<TAB>ns per read<TAB>ns per read with its JSON". */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "qr1405.h"

static char *slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "cannot open %s\n", path); exit(2); }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (fread(buf, 1, (size_t)n, f) != (size_t)n) { exit(2); }
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

int main(int argc, char **argv) {
    long iterations = argc > 1 ? atol(argv[1]) : 20000;
    char *list = slurp("conformance-vectors/trust-list.json");
    char *key = slurp("conformance-vectors/root.pub");
    Qr1405Reader *reader = NULL;
    if (qr1405_reader_new(list, key, &reader, NULL) != QR1405_STATUS_OK) return 2;
    char *texts = slurp("scripts/bench-texts.txt");
    char *save = NULL;
    for (char *line = strtok_r(texts, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#') continue;
        char *text = strchr(line, '\t');
        if (!text) continue;
        *text++ = '\0';
        size_t len = strlen(text);
        double times[2];
        for (int with_json = 0; with_json < 2; with_json++) {
            for (long i = -iterations / 10; i < iterations; i++) {
                static double start;
                if (i == 0) start = now_ns();
                Qr1405Reading *reading = NULL;
                qr1405_read_text(reader, (const uint8_t *)text, len, 1654045200, &reading, NULL);
                if (with_json) qr1405_string_free(qr1405_reading_json(reading));
                qr1405_reading_free(reading);
                if (i == iterations - 1) times[with_json] = (now_ns() - start) / (double)iterations;
            }
        }
        printf("%s\t%.0f\t%.0f\n", line, times[0], times[1]);
    }
    qr1405_reader_free(reader);
    free(texts);
    free(list);
    free(key);
    return 0;
}

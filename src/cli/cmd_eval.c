/* breachscope eval CASE TRUTH_DIR [--json] [--examples N] [--by-format] */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl_gen.h>

#include "cli/cli.h"
#include "eval/eval.h"

static void print_row(const char *name, const bs_eval_counts *c) {
  if (c->truth)
    printf("%-14s %8llu %8llu %8llu %9.3f %7.3f %6.3f\n", name, (unsigned long long)c->truth,
           (unsigned long long)c->found, (unsigned long long)c->hits, bs_eval_precision(c),
           bs_eval_recall(c), bs_eval_f1(c));
  else
    printf("%-14s %8s %8llu %8s %9s %7s %6s  (not planted by the truth: not scored)\n", name, "-",
           (unsigned long long)c->found, "-", "-", "-", "-");
}

static double ratio(uint64_t a, uint64_t b) { return b ? (double)a / (double)b : 1.0; }

static void print_persons(const bs_eval_persons_result *p, int scored) {
  if (!scored) {
    printf("persons: not scored: run `breachscope people CASE` first\n");
    return;
  }
  printf("persons: truth %llu, reported %llu, found %llu: recall %.3f, precision %.3f; "
         "split %llu, merged %llu, about no one %llu; exposure sets exact %llu (%.3f)\n",
         (unsigned long long)p->truth, (unsigned long long)p->reported,
         (unsigned long long)p->found, ratio(p->found, p->truth), ratio(p->found, p->reported),
         (unsigned long long)p->split, (unsigned long long)p->merged,
         (unsigned long long)p->not_persons, (unsigned long long)p->exposure_exact,
         ratio(p->exposure_exact, p->found));
  int off = 0;
  for (int t = 0; t < BS_EL_COUNT; t++) {
    if (!p->exposure_extra[t] && !p->exposure_missing[t]) continue;
    printf("%s %s",
           off++ ? ","
                 : "exposure sets off by type (+ reported, not exposed; - exposed, "
                   "not reported):",
           bs_element_name((bs_element)t));
    if (p->exposure_extra[t]) printf(" +%llu", (unsigned long long)p->exposure_extra[t]);
    if (p->exposure_missing[t]) printf(" -%llu", (unsigned long long)p->exposure_missing[t]);
  }
  if (off) printf("\n");
}

static void print_table(const bs_eval_result *r) {
  printf("%-14s %8s %8s %8s %9s %7s %6s\n", "element", "truth", "found", "hits", "precision",
         "recall", "F1");
  for (int t = 0; t < BS_EL_COUNT; t++)
    if (r->types[t].truth || r->types[t].found)
      print_row(bs_element_name((bs_element)t), &r->types[t]);
  print_row("all", &r->total);
  if (r->bad_mentions)
    printf("truth lines not understood: %llu\n", (unsigned long long)r->bad_mentions);
}

/* Per file format, over the element types the truth plants. */
static void print_formats(const bs_eval_result *r) {
  printf("\n%-14s %8s %8s %8s %9s %7s %6s\n", "format", "truth", "found", "hits", "precision",
         "recall", "F1");
  for (size_t f = 0; f < r->format_count; f++)
    if (r->formats[f].total.truth || r->formats[f].total.found)
      print_row(r->formats[f].name, &r->formats[f].total);
}

static void json_key(yajl_gen g, const char *key) {
  yajl_gen_string(g, (const unsigned char *)key, strlen(key));
}

static void json_counts(yajl_gen g, const bs_eval_counts *c) {
  yajl_gen_map_open(g);
  json_key(g, "truth"), yajl_gen_integer(g, (long long)c->truth);
  json_key(g, "found"), yajl_gen_integer(g, (long long)c->found);
  json_key(g, "hits"), yajl_gen_integer(g, (long long)c->hits);
  if (c->truth) {
    json_key(g, "precision"), yajl_gen_double(g, bs_eval_precision(c));
    json_key(g, "recall"), yajl_gen_double(g, bs_eval_recall(c));
    json_key(g, "f1"), yajl_gen_double(g, bs_eval_f1(c));
  }
  yajl_gen_map_close(g);
}

static void print_cb(void *ctx, const char *text, size_t len) { fwrite(text, 1, len, ctx); }

static int print_json(const bs_eval_result *r, const bs_eval_persons_result *p, int scored,
                      int by_format) {
  yajl_gen g = yajl_gen_alloc(NULL);
  if (!g) return 0;
  yajl_gen_config(g, yajl_gen_print_callback, print_cb, stdout);
  yajl_gen_map_open(g);
  json_key(g, "elements");
  yajl_gen_map_open(g);
  for (int t = 0; t < BS_EL_COUNT; t++) {
    if (!r->types[t].truth && !r->types[t].found) continue;
    json_key(g, bs_element_name((bs_element)t));
    json_counts(g, &r->types[t]);
  }
  yajl_gen_map_close(g);
  json_key(g, "all");
  json_counts(g, &r->total);
  if (by_format) {
    json_key(g, "formats");
    yajl_gen_map_open(g);
    for (size_t f = 0; f < r->format_count; f++) {
      json_key(g, r->formats[f].name);
      json_counts(g, &r->formats[f].total);
    }
    yajl_gen_map_close(g);
  }
  json_key(g, "persons");
  if (scored) {
    yajl_gen_map_open(g);
    json_key(g, "truth"), yajl_gen_integer(g, (long long)p->truth);
    json_key(g, "reported"), yajl_gen_integer(g, (long long)p->reported);
    json_key(g, "found"), yajl_gen_integer(g, (long long)p->found);
    json_key(g, "recall"), yajl_gen_double(g, ratio(p->found, p->truth));
    json_key(g, "precision"), yajl_gen_double(g, ratio(p->found, p->reported));
    json_key(g, "split"), yajl_gen_integer(g, (long long)p->split);
    json_key(g, "merged"), yajl_gen_integer(g, (long long)p->merged);
    json_key(g, "about_no_one"), yajl_gen_integer(g, (long long)p->not_persons);
    json_key(g, "exposure_exact"), yajl_gen_double(g, ratio(p->exposure_exact, p->found));
    json_key(g, "exposure_off");
    yajl_gen_map_open(g);
    for (int t = 0; t < BS_EL_COUNT; t++) {
      if (!p->exposure_extra[t] && !p->exposure_missing[t]) continue;
      json_key(g, bs_element_name((bs_element)t));
      yajl_gen_map_open(g);
      json_key(g, "extra"), yajl_gen_integer(g, (long long)p->exposure_extra[t]);
      json_key(g, "missing"), yajl_gen_integer(g, (long long)p->exposure_missing[t]);
      yajl_gen_map_close(g);
    }
    yajl_gen_map_close(g);
    yajl_gen_map_close(g);
  } else {
    yajl_gen_null(g);
  }
  json_key(g, "bad_mentions");
  yajl_gen_integer(g, (long long)r->bad_mentions);
  yajl_gen_map_close(g);
  yajl_gen_free(g);
  fputc('\n', stdout);
  return 1;
}

int bs_cmd_eval(int argc, char **argv) {
  static const struct option options[] = {
      {"json", no_argument, NULL, 'j'},
      {"examples", required_argument, NULL, 'e'},
      {"by-format", no_argument, NULL, 'f'},
      {NULL, 0, NULL, 0},
  };
  int json = 0, by_format = 0, c;
  long examples = 0;
  while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
    char *end;
    switch (c) {
    case 'j': json = 1; break;
    case 'f': by_format = 1; break;
    case 'e':
      examples = strtol(optarg, &end, 10);
      if (*end || examples < 0 || examples > 100000) {
        bs_cli_error("--examples wants a count");
        return BS_EXIT_USAGE;
      }
      break;
    default: return BS_EXIT_USAGE;
    }
  }
  if (optind != argc - 2) {
    bs_cli_error("usage: breachscope eval CASE TRUTH_DIR [--json] [--examples N] [--by-format]");
    return BS_EXIT_USAGE;
  }
  bs_store *store;
  bs_status status = bs_store_open(&store, argv[optind]);
  if (status != BS_OK) {
    bs_cli_error("%s: %s", argv[optind], bs_status_str(status));
    return BS_EXIT_FAILURE;
  }
  bs_eval_result result;
  status = bs_eval_run(&result, store, argv[optind + 1], (size_t)examples);
  bs_eval_persons_result persons;
  int scored = status == BS_OK && bs_eval_persons(&persons, store, argv[optind + 1]) == BS_OK;
  bs_store_close(store);
  if (status == BS_OK) {
    if (json) {
      print_json(&result, &persons, scored, by_format);
    } else {
      print_table(&result);
      print_persons(&persons, scored);
      if (by_format) print_formats(&result);
    }
    /* Examples hold values in clear: the truth is synthetic, but say so. */
    if (examples && result.examples.len) {
      fputs("\nexamples (values in clear):\n", stdout);
      fwrite(result.examples.data, 1, result.examples.len, stdout);
    }
  } else if (status == BS_ENOTFOUND) {
    bs_cli_error("%s/mentions.jsonl: no such file", argv[optind + 1]);
  } else {
    bs_cli_error("eval: %s", bs_status_str(status));
  }
  bs_eval_result_free(&result);
  if (fflush(stdout) != 0 && status == BS_OK) status = BS_EIO;
  return status == BS_OK ? BS_EXIT_OK : BS_EXIT_FAILURE;
}

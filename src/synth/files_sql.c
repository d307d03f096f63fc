/* Database dumps an IT backup left on the share: a mysqldump of the EMR's patient table
 * (extended INSERTs, backslash escapes, the table's columns only in CREATE TABLE) and
 * a pg_dump of the billing database (COPY ... FROM stdin: tab-separated text with
 * backslash escapes and \N for NULL). A value is located as the scanner locates it:
 * its row counted across the whole file, the field "table.column". */
#include <stdio.h>
#include <string.h>

#include "synth/lexicon.h"
#include "synth/writers.h"

typedef struct dump {
  bs_doc doc;                 /* the file and its mentions */
  int mysql;                  /* mysqldump's quoting; else COPY's text format */
  const char *table;          /* the table being dumped */
  const char *const *columns; /* its columns */
  size_t column;              /* next value of the row */
  uint64_t row;               /* rows so far in the file, as the scanner counts them */
  int rows_in_statement;      /* mysqldump: rows of the current INSERT */
} dump;

/* A string as the dump writes it: quoted and escaped by mysql_real_escape_string's
 * rules, or escaped for COPY (PostgreSQL 15 docs, COPY "Text Format"). */
static void escaped(dump *d, const char *text) {
  FILE *out = d->doc.file;
  if (d->mysql) fputc('\'', out);
  for (const char *c = text; *c; c++) {
    switch (*c) {
    case '\\': fputs("\\\\", out); break;
    case '\n': fputs("\\n", out); break;
    case '\r': fputs("\\r", out); break;
    case '\t': fputs(d->mysql ? "\t" : "\\t", out); break;
    case '\'': fputs(d->mysql ? "\\'" : "'", out); break;
    case '"': fputs(d->mysql ? "\\\"" : "\"", out); break;
    default: fputc(*c, out);
    }
  }
  if (d->mysql) fputc('\'', out);
}

static void separator(dump *d) {
  if (d->column++ > 0) fputc(d->mysql ? ',' : '\t', d->doc.file);
}

static void text(dump *d, const char *value) {
  separator(d);
  escaped(d, value);
}

/* A number or NULL, written bare. */
static void bare(dump *d, const char *value) {
  separator(d);
  fputs(value ? value : d->mysql ? "NULL" : "\\N", d->doc.file);
}

static void put(dump *d, const char *person, const bs_value *v) {
  char field[96];
  snprintf(field, sizeof field, "%s.%s", d->table, d->columns[d->column]);
  bs_doc_note_cell(&d->doc, NULL, d->row, 0, field, person, v->type, v->value, v->text);
  text(d, v->text);
}

static void put_state(dump *d, const bs_person *p) {
  bs_value v = {.type = BS_EL_STATE};
  snprintf(v.text, sizeof v.text, "%s", p->home.state);
  snprintf(v.value, sizeof v.value, "%s", p->home.state);
  put(d, p->id, &v);
}

/* mysqldump starts a new INSERT when its buffer (net_buffer_length) is full. */
#define ROWS_PER_INSERT 40

static void row_begin(dump *d) {
  d->row++;
  d->column = 0;
  if (!d->mysql) return;
  if (d->rows_in_statement == ROWS_PER_INSERT) {
    bs_doc_printf(&d->doc, ";\n");
    d->rows_in_statement = 0;
  }
  if (d->rows_in_statement++ == 0)
    fprintf(d->doc.file, "INSERT INTO `%s` VALUES (", d->table);
  else
    fputs(",(", d->doc.file);
}

static void row_end(dump *d) { bs_doc_printf(&d->doc, d->mysql ? ")" : "\n"); }

/* The dump's own date, in the text lines around the data: a date of no one's. */
static void dumped_on(dump *d, const char *text) {
  bs_doc_note_cell(&d->doc, NULL, 0, d->doc.line, NULL, NULL, BS_EL_DATE, "2024-07-14", text);
  bs_doc_printf(&d->doc, "%s", text);
}

/* ---- mysqldump of the EMR ----------------------------------------------------------- */

static const char *const patient_columns[] = {"id",  "mrn",   "last_name", "first_name", "dob",
                                              "sex", "ssn",   "address",   "city",       "state",
                                              "zip", "phone", "email",     "member_id"};

static void mysql_dump(bs_synth *s) {
  static const char path[] = "files/it/backup/emr-2024-07-14.sql";
  dump d = {.mysql = 1, .table = "patients", .columns = patient_columns};
  if (bs_doc_open(&d.doc, &s->truth, path, BS_DOC_FIELDS, NULL, 0) != BS_OK) return;
  bs_doc *out = &d.doc; /* lines counted for the text around the values */
  bs_doc_printf(
      out, "%s",
      "-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n--\n"
      "-- Host: localhost    Database: emr\n"
      "-- ------------------------------------------------------\n"
      "-- Server version\t8.0.36\n\n"
      "/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n"
      "/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;\n"
      "/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;\n"
      "/*!50503 SET NAMES utf8mb4 */;\n"
      "/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;\n"
      "/*!40103 SET TIME_ZONE='+00:00' */;\n"
      "/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;\n"
      "/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;\n"
      "/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;\n"
      "/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;\n\n");
  bs_doc_printf(out, "%s", /* bs_doc_printf writes up to 4 KB at a time */
                "--\n-- Table structure for table `patients`\n--\n\n"
                "DROP TABLE IF EXISTS `patients`;\n"
                "/*!40101 SET @saved_cs_client     = @@character_set_client */;\n"
                "/*!50503 SET character_set_client = utf8mb4 */;\n"
                "CREATE TABLE `patients` (\n"
                "  `id` int NOT NULL AUTO_INCREMENT,\n"
                "  `mrn` char(8) NOT NULL,\n"
                "  `last_name` varchar(40) NOT NULL,\n"
                "  `first_name` varchar(40) NOT NULL,\n"
                "  `dob` date NOT NULL,\n"
                "  `sex` char(1) DEFAULT NULL,\n"
                "  `ssn` varchar(11) DEFAULT NULL,\n"
                "  `address` varchar(80) DEFAULT NULL,\n"
                "  `city` varchar(40) DEFAULT NULL,\n"
                "  `state` char(2) DEFAULT NULL,\n"
                "  `zip` varchar(10) DEFAULT NULL,\n"
                "  `phone` varchar(20) DEFAULT NULL,\n"
                "  `email` varchar(80) DEFAULT NULL,\n"
                "  `member_id` varchar(20) DEFAULT NULL,\n"
                "  PRIMARY KEY (`id`),\n"
                "  UNIQUE KEY `mrn` (`mrn`)\n"
                ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;\n"
                "/*!40101 SET character_set_client = @saved_cs_client */;\n\n"
                "--\n-- Dumping data for table `patients`\n--\n\n"
                "LOCK TABLES `patients` WRITE;\n"
                "/*!40000 ALTER TABLE `patients` DISABLE KEYS */;\n");
  bs_random r;
  bs_random_init(&r, s->practice.seed, BS_STREAM_SQL, 0);
  for (uint32_t i = 0; i < s->practice.patients; i++) {
    if (!bs_random_chance(&r, 8)) continue;
    bs_person p;
    bs_people_make(&p, s->tables, &s->practice, i);
    bs_value v;
    char id[16];
    row_begin(&d);
    snprintf(id, sizeof id, "%u", i + 1);
    bare(&d, id);
    bs_value_id(&v, BS_EL_MRN, p.mrn);
    put(&d, p.id, &v);
    bs_value_word(&v, BS_EL_LAST_NAME, p.last, &r);
    put(&d, p.id, &v);
    bs_value_word(&v, BS_EL_FIRST_NAME, p.first, &r);
    put(&d, p.id, &v);
    bs_value_date(&v, BS_EL_DOB, p.dob, BS_DATE_ISO); /* a DATE column */
    put(&d, p.id, &v);
    text(&d, p.sex == 'M' ? "M" : "F");
    if (p.ssn[0]) {
      bs_value_ssn(&v, &p, &r, 1);
      put(&d, p.id, &v);
    } else {
      bare(&d, NULL);
    }
    bs_value_street(&v, s, &p.home, &r, 1);
    put(&d, p.id, &v);
    bs_value_city(&v, &p.home, &r);
    put(&d, p.id, &v);
    put_state(&d, &p);
    bs_value_zip(&v, &p.home, &r);
    put(&d, p.id, &v);
    bs_value_phone(&v, p.cell_phone[0] ? p.cell_phone : p.home_phone, &r);
    put(&d, p.id, &v);
    if (p.email[0]) {
      v = (bs_value){.type = BS_EL_EMAIL};
      snprintf(v.text, sizeof v.text, "%s", p.email);
      snprintf(v.value, sizeof v.value, "%s", p.email);
      put(&d, p.id, &v);
    } else {
      bare(&d, NULL);
    }
    bs_value_id(&v, BS_EL_MEMBER_ID, p.member_id);
    put(&d, p.id, &v);
    row_end(&d);
  }
  if (d.rows_in_statement) bs_doc_printf(out, ";\n");
  bs_doc_printf(out, "%s",
                "/*!40000 ALTER TABLE `patients` ENABLE KEYS */;\nUNLOCK TABLES;\n"
                "/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;\n\n"
                "/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;\n"
                "/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;\n"
                "/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;\n"
                "/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;\n"
                "/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;\n"
                "/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;\n"
                "/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;\n\n"
                "-- Dump completed on ");
  dumped_on(&d, "2024-07-14");
  bs_doc_printf(out, "  2:00:03\n");
  bs_doc_close(&d.doc, 7, 7);
}

/* ---- pg_dump of billing ------------------------------------------------------------- */

static const char *const claim_columns[] = {"claim_id",   "member_id",     "patient_name",
                                            "birth_date", "service_date",  "dx_code",
                                            "cpt_code",   "rendering_npi", "charge"};

static void pg_dump(bs_synth *s) {
  static const char path[] = "files/it/backup/billing-2024-07-14.sql";
  dump d = {.mysql = 0, .table = "claims", .columns = claim_columns};
  if (bs_doc_open(&d.doc, &s->truth, path, BS_DOC_FIELDS, NULL, 0) != BS_OK) return;
  bs_doc *out = &d.doc;
  bs_doc_printf(
      out, "%s",
      "--\n-- PostgreSQL database dump\n--\n\n"
      "-- Dumped from database version 15.7 (Debian 15.7-0+deb12u1)\n"
      "-- Dumped by pg_dump version 15.7 (Debian 15.7-0+deb12u1)\n\n"
      "SET statement_timeout = 0;\nSET lock_timeout = 0;\n"
      "SET idle_in_transaction_session_timeout = 0;\nSET client_encoding = 'UTF8';\n"
      "SET standard_conforming_strings = on;\n"
      "SELECT pg_catalog.set_config('search_path', '', false);\n"
      "SET check_function_bodies = false;\nSET xmloption = content;\n"
      "SET client_min_messages = warning;\nSET row_security = off;\n\n"
      "SET default_tablespace = '';\n\nSET default_table_access_method = heap;\n\n"
      "--\n-- Name: claims; Type: TABLE; Schema: public; Owner: billing\n--\n\n"
      "CREATE TABLE public.claims (\n"
      "    claim_id integer NOT NULL,\n"
      "    member_id character varying(20) NOT NULL,\n"
      "    patient_name text NOT NULL,\n"
      "    birth_date date NOT NULL,\n"
      "    service_date date NOT NULL,\n"
      "    dx_code character varying(8),\n"
      "    cpt_code character varying(5),\n"
      "    rendering_npi character(10),\n"
      "    charge numeric(10,2)\n"
      ");\n\n\n"
      "ALTER TABLE public.claims OWNER TO billing;\n\n"
      "--\n-- Data for Name: claims; Type: TABLE DATA; Schema: public; Owner: billing\n--\n\n"
      "COPY public.claims (claim_id, member_id, patient_name, birth_date, service_date, "
      "dx_code, cpt_code, rendering_npi, charge) FROM stdin;\n");
  bs_random r;
  bs_random_init(&r, s->practice.seed, BS_STREAM_SQL, 1);
  uint32_t claims = s->practice.patients / 20 + 5;
  for (uint32_t i = 0; i < claims; i++) {
    bs_person p;
    bs_provider doctor;
    bs_synth_patient(s, &p, &r);
    bs_synth_provider(s, &doctor, &r, bs_random_chance(&r, 70));
    bs_value v;
    char number[32], dx[16];
    row_begin(&d);
    snprintf(number, sizeof number, "%u", 240001 + i);
    bare(&d, number);
    bs_value_id(&v, BS_EL_MEMBER_ID, p.member_id);
    put(&d, p.id, &v);
    bs_value_name(&v, &p, BS_NAME_UPPER_LAST_FIRST, &r);
    put(&d, p.id, &v);
    bs_value_date(&v, BS_EL_DOB, p.dob, BS_DATE_ISO);
    put(&d, p.id, &v);
    bs_value_date(&v, BS_EL_SERVICE_DATE, bs_synth_visit_date(&r), BS_DATE_ISO);
    put(&d, p.id, &v);
    bs_value_code(&v, BS_EL_ICD10CM, bs_synth_diagnosis(s, &r, dx), &r);
    put(&d, p.id, &v);
    const bs_coded *cpt =
        &bs_lexicon_cpt_codes[bs_random_below(&r, (uint32_t)bs_lexicon_cpt_codes_count)];
    bs_value_code(&v, BS_EL_CPT, cpt->code, &r);
    put(&d, p.id, &v);
    bs_value_id(&v, BS_EL_NPI, doctor.npi);
    put(&d, doctor.id, &v);
    snprintf(number, sizeof number, "%d.%02d", bs_random_range(&r, 40, 900),
             bs_random_range(&r, 0, 99));
    bare(&d, number);
    row_end(&d);
  }
  bs_doc_printf(
      out, "%s",
      "\\.\n\n\n"
      "--\n-- Name: claims claims_pkey; Type: CONSTRAINT; Schema: public; Owner: billing\n--\n\n"
      "ALTER TABLE ONLY public.claims\n    ADD CONSTRAINT claims_pkey PRIMARY KEY (claim_id);\n\n\n"
      "--\n-- PostgreSQL database dump complete\n--\n\n");
  bs_doc_close(&d.doc, 7, 7);
}

bs_status bs_write_sql_dumps(bs_synth *s) {
  mysql_dump(s);
  if (s->truth.status == BS_OK) pg_dump(s);
  return s->truth.status;
}

--
-- PostgreSQL database dump
--

\restrict 7hQm3XPf2JvKcLa9Rz

-- Dumped from database version 16.3
-- Dumped by pg_dump version 16.3

SET statement_timeout = 0;
SET lock_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: patients; Type: TABLE; Schema: public; Owner: clinic
--

CREATE TABLE public.patients (
    id integer NOT NULL,
    mrn character varying(16) NOT NULL,
    first_name character varying(40),
    last_name character varying(40),
    "Maria Lopez" text,
    dob date,
    ssn character(11)
);


ALTER TABLE public.patients OWNER TO clinic;

--
-- Name: COLUMN patients.ssn; Type: COMMENT; Schema: public; Owner: clinic
--

COMMENT ON COLUMN public.patients.ssn IS 'Social security number, e.g. 123-45-6789';

--
-- Name: patients_id_seq; Type: SEQUENCE; Schema: public; Owner: clinic
--

CREATE SEQUENCE public.patients_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Data for Name: patients; Type: TABLE DATA; Schema: public; Owner: clinic
--

COPY public.patients (id, mrn, first_name, last_name, "Maria Lopez", dob, ssn) FROM stdin;
1	00123456	Mary	Okafor	\N	1962-03-14	123-45-6789
2	00123457	James	Whitfield	note	1975-11-02	234-56-7890
\.


--
-- Name: patients patients_pkey; Type: CONSTRAINT; Schema: public; Owner: clinic
--

ALTER TABLE ONLY public.patients
    ADD CONSTRAINT patients_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.patients
    ADD CONSTRAINT "Robert Smith" UNIQUE (mrn);

--
-- Name: Johnson Williams; Type: INDEX; Schema: public; Owner: clinic
--

CREATE INDEX "Johnson Williams" ON public.patients USING btree (last_name, first_name);

--
-- PostgreSQL database dump complete
--

\unrestrict 7hQm3XPf2JvKcLa9Rz

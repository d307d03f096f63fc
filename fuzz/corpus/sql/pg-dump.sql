--
-- PostgreSQL database dump
--
SET client_encoding = 'UTF8';
CREATE TABLE public.patients (
    id integer NOT NULL,
    last_name text,
    birth_date date,
    ssn character(11),
    CONSTRAINT ok CHECK ((id > 0))
);
COPY public.patients (id, last_name, birth_date, ssn) FROM stdin;
1	Okafor	1962-03-14	123-45-6789
2	O\tBrien\\x	\N	287-65-4320
\.
INSERT INTO public.patients VALUES (3, E'Ng\'uyen\n', '1988-11-30', '123-45-6789');
CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN INSERT INTO log VALUES (NEW.id); END; $$ LANGUAGE plpgsql;

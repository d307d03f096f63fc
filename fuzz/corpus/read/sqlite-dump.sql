PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE patients(id INTEGER PRIMARY KEY, "first name" TEXT, dob TEXT, [member id] TEXT);
INSERT INTO patients VALUES(1,'Mary','1962-03-14','XGH123456789');
INSERT INTO "patients"("id","dob") VALUES(2,'1975-03-14');
INSERT INTO [dbo].[patients] ([ssn], [dob]) VALUES (N'123-45-6789', CAST('1962-03-14' AS date)), (NULL, DEFAULT);
INSERT INTO patients SELECT * FROM old;
INSERT INTO t VALUES (1, 'unclosed
COMMIT;

-- MySQL dump 10.13
DROP TABLE IF EXISTS `patients`;
CREATE TABLE `patients` (
  `id` int NOT NULL,
  `first_name` varchar(40),
  `dob` date,
  `ssn` char(11),
  PRIMARY KEY (`id`)
);
INSERT INTO `patients` VALUES (1,'Mary','1962-03-14','123-45-6789'),(2,'O\'Brien','1975-03-14',NULL);
-- note: call (312) 555-0142

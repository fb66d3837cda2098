-- Application and capture users of the source database. The passwords are the local stack's
-- demo defaults; a real deployment passes its own (see docs/install.md).
CREATE USER IF NOT EXISTS 'pos'@'%' IDENTIFIED BY 'pos';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON pharmacy.* TO 'pos'@'%';
CREATE USER IF NOT EXISTS 'debezium'@'%' IDENTIFIED BY 'debezium';
-- BINLOG MONITOR is MariaDB's name for what MySQL 8 calls REPLICATION CLIENT; see grants-mysql8.sql.
GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT, BINLOG MONITOR, LOCK TABLES ON *.* TO 'debezium'@'%';
FLUSH PRIVILEGES;

-- A small seed for the local stack and the tests: the four roles, three branches, a few
-- products (one per controlled schedule), users of every role and their stock.
-- The simulator's `simulate init` seeds a full chain; this file is enough for a smoke test.
USE pharmacy;

INSERT IGNORE INTO roles (id, name) VALUES (1,'CASHIER'),(2,'PHARMACIST'),(3,'MANAGER'),(4,'ADMIN');

INSERT IGNORE INTO branches (id, code, name, timezone, opens_at, closes_at) VALUES
  (1,'B001','Downtown','America/New_York','08:00:00','21:00:00'),
  (2,'B002','Harbour','America/Chicago','09:00:00','20:00:00'),
  (3,'B003','Airport','America/Los_Angeles','06:00:00','23:00:00');

INSERT IGNORE INTO products (id, sku, name, category, schedule, unit_price, cost, active, updated_at) VALUES
  (1,'SKU-0001','Ibuprofen 200mg x24','analgesic',NULL,6.49,2.10,TRUE,'2026-01-01 00:00:00'),
  (2,'SKU-0002','Vitamin C 1000mg x30','supplement',NULL,9.99,3.40,TRUE,'2026-01-01 00:00:00'),
  (3,'SKU-0003','Oxycodone 5mg x30','opioid','II',42.00,18.00,TRUE,'2026-01-01 00:00:00'),
  (4,'SKU-0004','Alprazolam 0.5mg x30','benzodiazepine','IV',25.50,7.25,TRUE,'2026-01-01 00:00:00'),
  (5,'SKU-0005','Codeine/APAP 30mg x20','analgesic','III',18.75,6.00,TRUE,'2026-01-01 00:00:00'),
  (6,'SKU-0006','Pregabalin 75mg x56','anticonvulsant','V',31.20,11.40,TRUE,'2026-01-01 00:00:00'),
  (7,'SKU-0007','Saline nasal spray','cold-flu',NULL,4.25,1.10,TRUE,'2026-01-01 00:00:00');

INSERT IGNORE INTO users (id, branch_id, username, full_name, email, role_id, active, created_at, updated_at) VALUES
  (1,1,'alice','Alice Cashier','alice@example.test',1,TRUE,'2026-01-01 00:00:00','2026-01-01 00:00:00'),
  (2,1,'bob','Bob Pharmacist','bob@example.test',2,TRUE,'2026-01-01 00:00:00','2026-01-01 00:00:00'),
  (3,1,'carol','Carol Manager','carol@example.test',3,TRUE,'2026-01-01 00:00:00','2026-01-01 00:00:00'),
  (4,NULL,'dave','Dave Admin','dave@example.test',4,TRUE,'2026-01-01 00:00:00','2026-01-01 00:00:00'),
  (5,2,'erin','Erin Cashier','erin@example.test',1,TRUE,'2026-01-01 00:00:00','2026-01-01 00:00:00'),
  (6,3,'frank','Frank Cashier','frank@example.test',1,TRUE,'2026-01-01 00:00:00','2026-01-01 00:00:00');

INSERT IGNORE INTO customers (id, full_name, phone, national_id, birth_date, created_at) VALUES
  (1,'Grace Example','+1-555-0100','NID-100-200-300','1980-04-12','2026-01-01 00:00:00');

INSERT IGNORE INTO inventory (branch_id, product_id, quantity, last_reason, last_user_id, updated_at)
  SELECT b.id, p.id, 500, 'RECEIPT', NULL, '2026-01-01 00:00:00' FROM branches b CROSS JOIN products p;

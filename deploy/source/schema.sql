-- Reference pharmacy POS / inventory schema (docs/architecture.md, "Reference source schema").
-- Column names are part of the contract between the simulator, the shipped rules and the tests.
-- Timestamps are DATETIME(3) holding UTC; each branch's local time zone is in branches.timezone.
-- Works on MariaDB 10.6+ and MySQL 8. Idempotent: safe to run again.

CREATE DATABASE IF NOT EXISTS pharmacy CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
USE pharmacy;

CREATE TABLE IF NOT EXISTS roles (
  id        INT          NOT NULL PRIMARY KEY,
  name      VARCHAR(32)  NOT NULL UNIQUE
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS branches (
  id        INT          NOT NULL PRIMARY KEY,
  code      VARCHAR(16)  NOT NULL UNIQUE,
  name      VARCHAR(128) NOT NULL,
  timezone  VARCHAR(64)  NOT NULL,
  opens_at  TIME         NOT NULL,
  closes_at TIME         NOT NULL
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS users (
  id         BIGINT       NOT NULL PRIMARY KEY AUTO_INCREMENT,
  branch_id  INT          NULL,
  username   VARCHAR(64)  NOT NULL UNIQUE,
  full_name  VARCHAR(128) NOT NULL,
  email      VARCHAR(128) NULL,
  role_id    INT          NOT NULL,
  active     BOOLEAN      NOT NULL DEFAULT TRUE,
  created_at DATETIME(3)  NOT NULL,
  updated_at DATETIME(3)  NOT NULL,
  KEY users_branch (branch_id),
  CONSTRAINT users_role FOREIGN KEY (role_id) REFERENCES roles (id),
  CONSTRAINT users_branch FOREIGN KEY (branch_id) REFERENCES branches (id)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS customers (
  id          BIGINT       NOT NULL PRIMARY KEY AUTO_INCREMENT,
  full_name   VARCHAR(128) NOT NULL,
  phone       VARCHAR(32)  NULL,
  national_id VARCHAR(32)  NULL,
  birth_date  DATE         NULL,
  created_at  DATETIME(3)  NOT NULL
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS products (
  id         BIGINT        NOT NULL PRIMARY KEY AUTO_INCREMENT,
  sku        VARCHAR(32)   NOT NULL UNIQUE,
  name       VARCHAR(128)  NOT NULL,
  category   VARCHAR(64)   NOT NULL,
  schedule   ENUM('II','III','IV','V') NULL,
  unit_price DECIMAL(10,2) NOT NULL,
  cost       DECIMAL(10,2) NOT NULL,
  active     BOOLEAN       NOT NULL DEFAULT TRUE,
  updated_at DATETIME(3)   NOT NULL
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS inventory (
  branch_id    INT         NOT NULL,
  product_id   BIGINT      NOT NULL,
  quantity     INT         NOT NULL,
  last_reason  VARCHAR(32) NULL,
  last_user_id BIGINT      NULL,
  updated_at   DATETIME(3) NOT NULL,
  PRIMARY KEY (branch_id, product_id),
  CONSTRAINT inventory_branch FOREIGN KEY (branch_id) REFERENCES branches (id),
  CONSTRAINT inventory_product FOREIGN KEY (product_id) REFERENCES products (id)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS inventory_adjustments (
  id         BIGINT       NOT NULL PRIMARY KEY AUTO_INCREMENT,
  branch_id  INT          NOT NULL,
  product_id BIGINT       NOT NULL,
  user_id    BIGINT       NULL,
  delta      INT          NOT NULL,
  reason     ENUM('SALE','RECEIPT','DAMAGE','EXPIRED','THEFT','COUNT_CORRECTION','TRANSFER_IN','TRANSFER_OUT','RETURN') NOT NULL,
  note       VARCHAR(255) NULL,
  created_at DATETIME(3)  NOT NULL,
  KEY adj_branch_time (branch_id, created_at),
  KEY adj_product (product_id)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS sales (
  id             BIGINT        NOT NULL PRIMARY KEY AUTO_INCREMENT,
  branch_id      INT           NOT NULL,
  user_id        BIGINT        NOT NULL,
  customer_id    BIGINT        NULL,
  status         ENUM('OPEN','COMPLETED','VOIDED','REFUNDED') NOT NULL,
  subtotal       DECIMAL(12,2) NOT NULL,
  discount       DECIMAL(12,2) NOT NULL DEFAULT 0,
  total          DECIMAL(12,2) NOT NULL,
  payment_method VARCHAR(16)   NULL,
  created_at     DATETIME(3)   NOT NULL,
  completed_at   DATETIME(3)   NULL,
  voided_by      BIGINT        NULL,
  void_reason    VARCHAR(255)  NULL,
  KEY sales_branch_time (branch_id, created_at)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS sale_items (
  id         BIGINT        NOT NULL PRIMARY KEY AUTO_INCREMENT,
  sale_id    BIGINT        NOT NULL,
  product_id BIGINT        NOT NULL,
  quantity   INT           NOT NULL,
  unit_price DECIMAL(10,2) NOT NULL,
  discount   DECIMAL(10,2) NOT NULL DEFAULT 0,
  line_total DECIMAL(12,2) NOT NULL,
  KEY sale_items_sale (sale_id)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS refunds (
  id         BIGINT        NOT NULL PRIMARY KEY AUTO_INCREMENT,
  sale_id    BIGINT        NULL,
  branch_id  INT           NOT NULL,
  user_id    BIGINT        NOT NULL,
  amount     DECIMAL(12,2) NOT NULL,
  reason     VARCHAR(255)  NULL,
  created_at DATETIME(3)   NOT NULL,
  KEY refunds_branch_time (branch_id, created_at)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS prescriptions (
  id            BIGINT       NOT NULL PRIMARY KEY AUTO_INCREMENT,
  branch_id     INT          NOT NULL,
  customer_id   BIGINT       NULL,
  product_id    BIGINT       NOT NULL,
  quantity      INT          NOT NULL,
  prescriber    VARCHAR(128) NULL,
  pharmacist_id BIGINT       NULL,
  status        ENUM('PENDING','DISPENSED','CANCELLED') NOT NULL,
  dispensed_at  DATETIME(3)  NULL,
  KEY rx_branch_time (branch_id, dispensed_at)
) ENGINE=InnoDB;

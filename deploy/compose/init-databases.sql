-- One PostgreSQL server standing in for four: users, catalog and two order shards.
CREATE DATABASE surge_users;
CREATE DATABASE surge_catalog;
CREATE DATABASE surge_orders_0;
CREATE DATABASE surge_orders_1;

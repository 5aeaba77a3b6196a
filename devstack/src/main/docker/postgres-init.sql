-- docker-compose: one database per owner, as the local stack creates them.
CREATE DATABASE registry;
CREATE DATABASE booking;
CREATE DATABASE certificates;
CREATE DATABASE notifier;

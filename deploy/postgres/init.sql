-- One database per service: each owns its tables, its outbox and its inbox.
CREATE DATABASE tandem_coordinator;
CREATE DATABASE tandem_agent;

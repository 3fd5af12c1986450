# Thin wrappers over the npm scripts.
.PHONY: install build proto run dev test e2e-test coverage lint format bench docker-build docker-run seed-rag perf-test

install:
	npm ci

build:
	npm run build

proto:
	npm run proto

run:
	npm start

dev:
	npm run dev

test:
	npm test

e2e-test:
	npm run e2e

coverage:
	npm test -- --coverage

lint:
	npm run lint

format:
	npm run format

bench:
	npm run bench

perf-test:
	npm run perf

seed-rag:
	npm run seed-rag

docker-build:
	npm run docker:build

docker-run:
	npm run docker:run

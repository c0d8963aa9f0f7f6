/**
 * Widely used package names, the reference for typosquat detection: a package one edit away from one of these,
 * and not itself in the list, is suspicious. Hand-picked from the most depended-upon packages of each registry.
 */

export const POPULAR_NPM_PACKAGES: readonly string[] = [
  // frameworks and UI
  "react", "react-dom", "react-router", "react-router-dom", "react-redux", "react-native", "react-query",
  "react-hook-form", "react-select", "react-icons", "react-is", "react-transition-group", "react-dropzone",
  "react-helmet", "react-table", "react-datepicker", "react-modal", "react-toastify", "react-chartjs-2",
  "next", "next-auth", "vue", "vue-router", "vuex", "pinia", "nuxt", "svelte", "@sveltejs/kit", "angular",
  "@angular/core", "@angular/common", "@angular/router", "@angular/forms", "preact", "solid-js", "lit",
  "jquery", "backbone", "ember-source", "alpinejs", "htmx.org", "redux", "@reduxjs/toolkit", "redux-thunk",
  "redux-saga", "mobx", "zustand", "jotai", "recoil", "immer", "@tanstack/react-query", "swr",
  "styled-components", "@emotion/react", "@emotion/styled", "tailwindcss", "postcss", "autoprefixer", "sass",
  "less", "bootstrap", "@mui/material", "@mui/icons-material", "antd", "@chakra-ui/react", "framer-motion",
  "classnames", "clsx", "tailwind-merge", "@headlessui/react", "@radix-ui/react-dialog", "lucide-react",
  "chart.js", "recharts", "d3", "three", "leaflet", "mapbox-gl", "echarts", "highcharts", "apexcharts",
  // server and networking
  "express", "koa", "fastify", "hapi", "@hapi/hapi", "restify", "nest", "@nestjs/core", "@nestjs/common",
  "body-parser", "cookie-parser", "cors", "helmet", "morgan", "compression", "express-session", "multer",
  "passport", "passport-local", "passport-jwt", "jsonwebtoken", "bcrypt", "bcryptjs", "argon2", "axios",
  "node-fetch", "cross-fetch", "isomorphic-fetch", "got", "request", "superagent", "undici", "ky",
  "socket.io", "socket.io-client", "ws", "http-proxy", "http-proxy-middleware", "graphql", "apollo-server",
  "@apollo/client", "@apollo/server", "graphql-tag", "nodemailer", "ioredis", "redis", "amqplib", "kafkajs",
  "mongoose", "mongodb", "mysql", "mysql2", "pg", "sqlite3", "better-sqlite3", "sequelize", "typeorm",
  "knex", "prisma", "@prisma/client", "drizzle-orm", "firebase", "firebase-admin", "aws-sdk",
  "@aws-sdk/client-s3", "stripe", "twilio", "openai", "@anthropic-ai/sdk", "@google-cloud/storage",
  "googleapis", "puppeteer", "playwright", "@playwright/test", "cheerio", "jsdom", "dotenv", "config",
  "convict", "nconf",
  // utilities
  "lodash", "lodash-es", "underscore", "ramda", "moment", "moment-timezone", "dayjs", "date-fns", "luxon",
  "uuid", "nanoid", "shortid", "chalk", "colors", "kleur", "picocolors", "debug", "winston", "pino",
  "bunyan", "log4js", "loglevel", "commander", "yargs", "minimist", "inquirer", "prompts", "ora", "boxen",
  "cli-table3", "figlet", "meow", "glob", "fast-glob", "globby", "minimatch", "micromatch", "picomatch",
  "rimraf", "mkdirp", "fs-extra", "graceful-fs", "chokidar", "del", "semver", "async", "bluebird", "q",
  "p-limit", "p-queue", "p-map", "rxjs", "eventemitter3", "events", "qs", "query-string", "querystring",
  "url-parse", "path-to-regexp", "mime", "mime-types", "content-type", "iconv-lite", "buffer", "safe-buffer",
  "readable-stream", "through2", "split2", "xml2js", "fast-xml-parser", "csv-parse", "papaparse", "yaml",
  "js-yaml", "ini", "toml", "json5", "ajv", "joi", "yup", "zod", "validator", "class-validator",
  "class-transformer", "reflect-metadata", "tslib", "core-js", "regenerator-runtime", "whatwg-fetch",
  "crypto-js", "bn.js", "big.js", "decimal.js", "bignumber.js", "numeral", "accounting", "marked",
  "markdown-it", "remark", "rehype", "unified", "highlight.js", "prismjs", "dompurify", "sanitize-html",
  "he", "entities", "handlebars", "mustache", "ejs", "pug", "nunjucks", "sharp", "jimp", "canvas",
  "pdfkit", "pdf-lib", "exceljs", "xlsx", "archiver", "adm-zip", "jszip", "tar", "form-data", "formidable",
  "busboy", "cookie", "js-cookie", "jwt-decode", "localforage", "idb", "immutable", "deepmerge",
  "object-assign", "clone", "fast-deep-equal", "deep-equal", "lru-cache", "node-cache", "ms", "bytes",
  "pretty-bytes", "cron", "node-cron", "agenda", "bull", "bullmq", "socks-proxy-agent", "https-proxy-agent",
  "proxy-agent", "cross-env", "cross-spawn", "execa", "shelljs", "open", "which", "nodemon", "pm2",
  "concurrently", "npm-run-all", "husky", "lint-staged", "source-map", "source-map-support", "esm",
  // build, test and types
  "typescript", "ts-node", "tsx", "@types/node", "@types/react", "@types/express", "@types/jest",
  "@types/lodash", "webpack", "webpack-cli", "webpack-dev-server", "vite", "rollup", "esbuild", "@swc/core",
  "parcel", "turbo", "lerna", "nx", "babel-loader", "@babel/core", "@babel/preset-env",
  "@babel/preset-react", "@babel/runtime", "css-loader", "style-loader", "file-loader", "url-loader",
  "html-webpack-plugin", "mini-css-extract-plugin", "terser", "uglify-js", "eslint", "prettier",
  "eslint-plugin-react", "eslint-config-prettier", "@typescript-eslint/parser",
  "@typescript-eslint/eslint-plugin", "stylelint", "jest", "ts-jest", "babel-jest", "mocha", "chai",
  "sinon", "jasmine", "karma", "ava", "tap", "vitest", "@vitest/coverage-v8", "nyc", "c8", "supertest",
  "nock", "msw", "cypress", "@testing-library/react", "@testing-library/jest-dom",
  "@testing-library/user-event", "enzyme", "storybook", "@storybook/react", "electron", "electron-builder",
];

export const POPULAR_PYPI_PACKAGES: readonly string[] = [
  "requests", "urllib3", "certifi", "idna", "charset-normalizer", "chardet", "httpx", "httpcore", "aiohttp",
  "websockets", "websocket-client", "grpcio", "protobuf", "six", "setuptools", "wheel", "pip", "packaging",
  "virtualenv", "pipenv", "poetry", "tox", "nox", "build", "twine", "python-dateutil", "pytz", "tzdata",
  "arrow", "pendulum", "numpy", "pandas", "scipy", "matplotlib", "seaborn", "plotly", "bokeh", "altair",
  "scikit-learn", "scikit-image", "statsmodels", "sympy", "networkx", "numba", "cython", "pyarrow",
  "polars", "dask", "xarray", "h5py", "tables", "openpyxl", "xlrd", "xlsxwriter", "tensorflow", "keras",
  "torch", "torchvision", "torchaudio", "transformers", "tokenizers", "datasets", "accelerate",
  "sentence-transformers", "huggingface-hub", "safetensors", "jax", "jaxlib", "xgboost", "lightgbm",
  "catboost", "onnx", "onnxruntime", "opencv-python", "pillow", "imageio", "nltk", "spacy", "gensim",
  "langchain", "openai", "anthropic", "tiktoken", "flask", "django", "fastapi", "starlette", "uvicorn",
  "gunicorn", "werkzeug", "jinja2", "markupsafe", "itsdangerous", "click", "typer", "rich", "tqdm",
  "colorama", "tabulate", "prettytable", "pyyaml", "toml", "tomli", "tomlkit", "python-dotenv",
  "pydantic", "pydantic-core", "attrs", "marshmallow", "jsonschema", "ujson", "orjson", "simplejson",
  "msgpack", "sqlalchemy", "alembic", "psycopg2", "psycopg2-binary", "psycopg", "pymysql", "mysqlclient",
  "pymongo", "redis", "celery", "kombu", "boto3", "botocore", "s3transfer", "awscli", "google-cloud-storage",
  "google-auth", "google-api-python-client", "azure-storage-blob", "azure-identity", "cryptography",
  "pycryptodome", "pyopenssl", "pyjwt", "bcrypt", "passlib", "paramiko", "fabric", "invoke", "pexpect",
  "psutil", "docker", "kubernetes", "ansible", "pytest", "pytest-cov", "pytest-mock", "pytest-asyncio",
  "pytest-xdist", "coverage", "mock", "hypothesis", "faker", "factory-boy", "black", "isort", "flake8",
  "pylint", "mypy", "ruff", "autopep8", "yapf", "pre-commit", "sphinx", "mkdocs", "mkdocs-material",
  "docutils", "beautifulsoup4", "lxml", "html5lib", "scrapy", "selenium", "playwright", "markdown",
  "pygments", "regex", "filelock", "platformdirs", "appdirs", "decorator", "wrapt", "cachetools",
  "more-itertools", "toolz", "tenacity", "backoff", "retry", "sentry-sdk", "loguru", "structlog",
  "prometheus-client", "gitpython", "pyserial", "python-magic", "pyzmq", "greenlet", "gevent", "eventlet",
  "twisted", "tornado", "sanic", "bottle", "pyramid", "streamlit", "gradio", "dash", "jupyter",
  "notebook", "ipython", "ipykernel", "jupyterlab", "nbformat", "pywin32", "pyinstaller", "pyqt5",
  "pyside6", "kivy", "pygame", "shapely", "geopandas", "pyproj", "folium", "boltons", "zipp",
  "importlib-metadata", "typing-extensions", "mypy-extensions", "cffi", "pycparser", "pyasn1", "rsa",
  "oauthlib", "requests-oauthlib", "pysocks", "dnspython", "email-validator", "python-multipart",
  "python-jose", "asyncpg", "aiofiles", "anyio", "sniffio", "trio", "uvloop", "Flask-SQLAlchemy",
];

/** PyPI names compare normalised (PEP 503); npm names compare as they are. */
export function popularNames(ecosystem: "npm" | "pypi"): ReadonlySet<string> {
  return ecosystem === "npm" ? NPM_SET : PYPI_SET;
}

const NPM_SET: ReadonlySet<string> = new Set(POPULAR_NPM_PACKAGES);
const PYPI_SET: ReadonlySet<string> = new Set(
  POPULAR_PYPI_PACKAGES.map((name) => name.toLowerCase().replace(/[-_.]+/g, "-")),
);

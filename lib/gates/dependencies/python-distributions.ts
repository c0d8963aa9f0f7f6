/**
 * Import name → PyPI distribution for the common cases where they differ. Keys are dotted module prefixes; the
 * longest matching prefix wins (`google.protobuf.json_format` → protobuf).
 */
export const IMPORT_TO_DISTRIBUTION: Readonly<Record<string, string>> = {
  yaml: "PyYAML",
  cv2: "opencv-python",
  sklearn: "scikit-learn",
  skimage: "scikit-image",
  PIL: "Pillow",
  bs4: "beautifulsoup4",
  dateutil: "python-dateutil",
  dotenv: "python-dotenv",
  jwt: "PyJWT",
  attr: "attrs",
  "google.protobuf": "protobuf",
  "google.auth": "google-auth",
  "google.oauth2": "google-auth",
  "google.genai": "google-genai",
  "google.generativeai": "google-generativeai",
  googleapiclient: "google-api-python-client",
  Crypto: "pycryptodome",
  Cryptodome: "pycryptodomex",
  serial: "pyserial",
  magic: "python-magic",
  git: "GitPython",
  OpenSSL: "pyOpenSSL",
  docx: "python-docx",
  pptx: "python-pptx",
  fitz: "PyMuPDF",
  jose: "python-jose",
  multipart: "python-multipart",
  telegram: "python-telegram-bot",
  discord: "discord.py",
  zmq: "pyzmq",
  usb: "pyusb",
  MySQLdb: "mysqlclient",
  win32api: "pywin32",
  win32con: "pywin32",
  win32com: "pywin32",
  pythoncom: "pywin32",
  slugify: "python-slugify",
  socks: "PySocks",
  dns: "dnspython",
  nacl: "PyNaCl",
  ldap: "python-ldap",
  kafka: "kafka-python",
  websocket: "websocket-client",
  gi: "PyGObject",
  cairo: "pycairo",
  wx: "wxPython",
  faiss: "faiss-cpu",
  Bio: "biopython",
  mpl_toolkits: "matplotlib",
  pkg_resources: "setuptools",
  grpc: "grpcio",
  snappy: "python-snappy",
  memcache: "python-memcached",
  OpenGL: "PyOpenGL",
  "ruamel.yaml": "ruamel.yaml",
  tensorflow_hub: "tensorflow-hub",
  xdist: "pytest-xdist",
  pytest_asyncio: "pytest-asyncio",
  sentry_sdk: "sentry-sdk",
  speech_recognition: "SpeechRecognition",
  mx: "mxnet",
  Xlib: "python-xlib",
  flask_sqlalchemy: "Flask-SQLAlchemy",
  flask_cors: "flask-cors",
  flask_login: "Flask-Login",
  email_validator: "email-validator",
  newspaper: "newspaper3k",
  engineio: "python-engineio",
  socketio: "python-socketio",
  rest_framework: "djangorestframework",
  corsheaders: "django-cors-headers",
};

/** Other distributions that provide the same import (accepted as a declaration of it). */
const ALTERNATIVE_DISTRIBUTIONS: Readonly<Record<string, readonly string[]>> = {
  cv2: ["opencv-python-headless", "opencv-contrib-python", "opencv-contrib-python-headless"],
  psycopg2: ["psycopg2-binary"],
  Crypto: ["pycrypto", "pycryptodomex"],
  magic: ["python-magic-bin"],
  faiss: ["faiss-gpu"],
  jwt: ["jwt"],
  serial: ["serial"],
};

/**
 * Namespace packages whose distributions are named after the dotted path (`google.cloud.storage` →
 * google-cloud-storage): root → number of dotted parts that make the distribution name.
 */
const NAMESPACE_DEPTH: Readonly<Record<string, number>> = {
  "google.cloud": 3,
  "azure.storage": 3,
  "azure.mgmt": 3,
  "azure.keyvault": 3,
  "azure.ai": 3,
  azure: 2,
  backports: 2,
  zope: 2,
  jaraco: 2,
  sphinxcontrib: 2,
};

/** PEP 503 normalised project name: case-insensitive, runs of `-`, `_`, `.` are equal. */
export function normalizePypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

/** The PyPI distribution that most likely provides an absolute module name. */
export function distributionForModule(moduleName: string): string {
  const parts = moduleName.split(".");
  for (let length = parts.length; length >= 1; length--) {
    const prefix = parts.slice(0, length).join(".");
    const mapped = IMPORT_TO_DISTRIBUTION[prefix];
    if (mapped) return mapped;
  }
  for (let length = Math.min(parts.length, 2); length >= 1; length--) {
    const depth = NAMESPACE_DEPTH[parts.slice(0, length).join(".")];
    if (depth && parts.length >= depth) return parts.slice(0, depth).join("-");
  }
  return parts[0];
}

/** Every distribution name whose declaration in a manifest covers this import (normalised). */
export function acceptedDistributions(moduleName: string): Set<string> {
  const top = moduleName.split(".")[0];
  const names = [distributionForModule(moduleName), top, ...(ALTERNATIVE_DISTRIBUTIONS[top] ?? [])];
  return new Set(names.map(normalizePypiName));
}

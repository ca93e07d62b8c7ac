-- The registry. Written once for both engines: {ID} is the auto-increment primary key
-- of the engine; every other type is common to SQLite and PostgreSQL.
-- Lists of codes (stages, categories, coverage) are stored as ",a,b," so that one LIKE
-- '%,a,%' filters them on both engines.

CREATE TABLE provinces (
    code BIGINT PRIMARY KEY,
    name_th TEXT NOT NULL,
    name_en TEXT NOT NULL,
    region TEXT NOT NULL
);

CREATE TABLE districts (
    code BIGINT PRIMARY KEY,
    province_code BIGINT NOT NULL REFERENCES provinces(code),
    name_th TEXT NOT NULL,
    name_en TEXT NOT NULL
);

CREATE TABLE subdistricts (
    code BIGINT PRIMARY KEY,
    district_code BIGINT NOT NULL REFERENCES districts(code),
    name_th TEXT NOT NULL,
    name_en TEXT NOT NULL,
    postal_codes TEXT NOT NULL
);

CREATE TABLE enterprises (
    id {ID},
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    registration_kind TEXT NOT NULL,
    registration_no TEXT NOT NULL UNIQUE,
    address_line TEXT NOT NULL,
    subdistrict_code BIGINT NOT NULL REFERENCES subdistricts(code),
    district_code BIGINT NOT NULL REFERENCES districts(code),
    province_code BIGINT NOT NULL REFERENCES provinces(code),
    postal_code TEXT NOT NULL,
    contact_name TEXT NOT NULL,
    phone TEXT,
    email TEXT,
    stars BIGINT,
    quadrant TEXT,
    categories TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX enterprises_province ON enterprises(province_code);
CREATE INDEX enterprises_name ON enterprises(name);

CREATE TABLE enterprise_certifications (
    id {ID},
    enterprise_id BIGINT NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    number TEXT NOT NULL,
    expires_on TEXT
);
CREATE INDEX enterprise_certifications_enterprise ON enterprise_certifications(enterprise_id);

CREATE TABLE products (
    id {ID},
    enterprise_id BIGINT NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    category TEXT NOT NULL,
    description TEXT NOT NULL,
    stars BIGINT,
    price_satang BIGINT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX products_enterprise ON products(enterprise_id);

CREATE TABLE providers (
    id {ID},
    name TEXT NOT NULL UNIQUE,
    short_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    province_code BIGINT REFERENCES provinces(code),
    website TEXT NOT NULL,
    phone TEXT,
    email TEXT,
    description TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE provider_units (
    id {ID},
    provider_id BIGINT NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    UNIQUE (provider_id, name)
);

CREATE TABLE services (
    id {ID},
    provider_id BIGINT NOT NULL REFERENCES providers(id),
    unit_id BIGINT REFERENCES provider_units(id),
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    stages TEXT NOT NULL,
    categories TEXT NOT NULL,
    coverage_kind TEXT NOT NULL,
    coverage TEXT NOT NULL,
    capacity_per_year BIGINT,
    prices TEXT NOT NULL,
    active BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX services_provider ON services(provider_id);
CREATE INDEX services_updated ON services(updated_at);

CREATE TABLE needs (
    id {ID},
    enterprise_id BIGINT NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
    product_id BIGINT REFERENCES products(id) ON DELETE SET NULL,
    text TEXT NOT NULL,
    province_code BIGINT NOT NULL REFERENCES provinces(code),
    category TEXT,
    stages TEXT NOT NULL,
    status TEXT NOT NULL,
    created_on TEXT NOT NULL
);
CREATE INDEX needs_enterprise ON needs(enterprise_id);
CREATE INDEX needs_province_status ON needs(province_code, status);

-- Who changed what, written in the same transaction as the change.
CREATE TABLE audit_log (
    id {ID},
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BIGINT,
    before_json TEXT,
    after_json TEXT
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);

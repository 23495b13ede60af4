-- The PostgreSQL schema as the first PostgreSQL store revision ('pg0001', from the separate
-- PostgreSQL migration tree since merged into one) created it (pg_dump --schema-only).

CREATE TABLE public.alembic_version (
    version_num character varying(32) NOT NULL
);

CREATE TABLE public.articles (
    id text NOT NULL,
    source text NOT NULL,
    status text NOT NULL,
    title text,
    url text,
    path text,
    published text,
    published_origin text,
    language text,
    duplicate_of text,
    copy_of text,
    error text,
    author text,
    format text,
    text text NOT NULL,
    content_hash text NOT NULL,
    mentions jsonb NOT NULL,
    quotes jsonb NOT NULL,
    times jsonb NOT NULL,
    quantities jsonb NOT NULL,
    extra jsonb NOT NULL,
    search tsvector GENERATED ALWAYS AS ((setweight(to_tsvector('simple'::regconfig, COALESCE(title, ''::text)), 'A'::"char") || setweight(to_tsvector('simple'::regconfig, text), 'B'::"char"))) STORED
);

CREATE TABLE public.entities (
    id text NOT NULL,
    name text NOT NULL,
    type text NOT NULL,
    aliases jsonb NOT NULL,
    roles jsonb NOT NULL,
    articles jsonb NOT NULL,
    extra jsonb NOT NULL
);

CREATE TABLE public.mentions (
    article_id text NOT NULL,
    start integer NOT NULL,
    "end" integer NOT NULL,
    text text NOT NULL,
    type text NOT NULL,
    entity_id text,
    resolved text
);

CREATE TABLE public.stories (
    id text NOT NULL,
    title text NOT NULL,
    start text,
    "end" text,
    articles jsonb NOT NULL,
    sources jsonb NOT NULL,
    facts jsonb NOT NULL,
    timeline jsonb NOT NULL,
    extra jsonb NOT NULL
);

CREATE TABLE public.story_articles (
    story_id text NOT NULL,
    article_id text NOT NULL
);

ALTER TABLE ONLY public.alembic_version
    ADD CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num);

ALTER TABLE ONLY public.articles
    ADD CONSTRAINT articles_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.entities
    ADD CONSTRAINT entities_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.stories
    ADD CONSTRAINT stories_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.story_articles
    ADD CONSTRAINT story_articles_pkey PRIMARY KEY (story_id, article_id);

CREATE INDEX ix_articles_content_hash ON public.articles USING btree (content_hash);

CREATE INDEX ix_articles_search ON public.articles USING gin (search);

CREATE INDEX ix_articles_status ON public.articles USING btree (status);

CREATE INDEX ix_mentions_article ON public.mentions USING btree (article_id);

CREATE INDEX ix_mentions_entity ON public.mentions USING btree (entity_id);

CREATE INDEX ix_story_articles_article ON public.story_articles USING btree (article_id);

ALTER TABLE ONLY public.mentions
    ADD CONSTRAINT mentions_article_id_fkey FOREIGN KEY (article_id) REFERENCES public.articles(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.story_articles
    ADD CONSTRAINT story_articles_story_id_fkey FOREIGN KEY (story_id) REFERENCES public.stories(id) ON DELETE CASCADE;

INSERT INTO public.alembic_version (version_num) VALUES ('pg0001');

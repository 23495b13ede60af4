-- The SQLite schema as the first storyline revision ('0001', before the SQLite and PostgreSQL
-- migration trees were merged) created it: the upgrade tests start from this.

CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

CREATE TABLE articles (
	id VARCHAR NOT NULL, 
	search_key INTEGER NOT NULL, 
	source VARCHAR NOT NULL, 
	status VARCHAR NOT NULL, 
	title TEXT, 
	url TEXT, 
	path TEXT, 
	published VARCHAR, 
	published_origin VARCHAR, 
	language VARCHAR, 
	duplicate_of VARCHAR, 
	copy_of VARCHAR, 
	error TEXT, 
	author TEXT, 
	format VARCHAR, 
	text TEXT NOT NULL, 
	content_hash VARCHAR NOT NULL, 
	mentions JSON NOT NULL, 
	quotes JSON NOT NULL, 
	times JSON NOT NULL, 
	quantities JSON NOT NULL, 
	extra JSON NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (search_key)
);

CREATE TABLE mentions (
	article_id VARCHAR NOT NULL, 
	start INTEGER NOT NULL, 
	"end" INTEGER NOT NULL, 
	text TEXT NOT NULL, 
	type VARCHAR NOT NULL, 
	entity_id VARCHAR, 
	resolved TEXT, 
	FOREIGN KEY(article_id) REFERENCES articles (id) ON DELETE CASCADE
);

CREATE TABLE entities (
	id VARCHAR NOT NULL, 
	name TEXT NOT NULL, 
	type VARCHAR NOT NULL, 
	aliases JSON NOT NULL, 
	roles JSON NOT NULL, 
	articles JSON NOT NULL, 
	extra JSON NOT NULL, 
	PRIMARY KEY (id)
);

CREATE TABLE stories (
	id VARCHAR NOT NULL, 
	title TEXT NOT NULL, 
	start VARCHAR, 
	"end" VARCHAR, 
	articles JSON NOT NULL, 
	sources JSON NOT NULL, 
	facts JSON NOT NULL, 
	timeline JSON NOT NULL, 
	extra JSON NOT NULL, 
	PRIMARY KEY (id)
);

CREATE TABLE story_articles (
	story_id VARCHAR NOT NULL, 
	article_id VARCHAR NOT NULL, 
	PRIMARY KEY (story_id, article_id), 
	FOREIGN KEY(story_id) REFERENCES stories (id) ON DELETE CASCADE
);

CREATE VIRTUAL TABLE articles_fts USING fts5(
           title, text, content='articles', content_rowid='search_key',
           tokenize='unicode61 remove_diacritics 2');

CREATE INDEX ix_articles_status ON articles (status);

CREATE INDEX ix_articles_content_hash ON articles (content_hash);

CREATE INDEX ix_mentions_article ON mentions (article_id);

CREATE INDEX ix_mentions_entity ON mentions (entity_id);

CREATE INDEX ix_story_articles_article ON story_articles (article_id);

CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
           INSERT INTO articles_fts(rowid, title, text)
           VALUES (new.search_key, new.title, new.text);
       END;

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
           INSERT INTO articles_fts(articles_fts, rowid, title, text)
           VALUES ('delete', old.search_key, old.title, old.text);
       END;

CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN
           INSERT INTO articles_fts(articles_fts, rowid, title, text)
           VALUES ('delete', old.search_key, old.title, old.text);
           INSERT INTO articles_fts(rowid, title, text)
           VALUES (new.search_key, new.title, new.text);
       END;

INSERT INTO alembic_version (version_num) VALUES ('0001');

INSERT INTO notes (body) VALUES ('second');

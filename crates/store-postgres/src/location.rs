//! Reading a `postgres://` URL, and keeping its password out of messages.

use sqlx::postgres::PgConnectOptions;
use std::str::FromStr;

/// Parses a `postgres://` or `postgresql://` URL. The error is the reason, for a person.
pub(crate) fn parse(url: &str) -> Result<PgConnectOptions, String> {
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        return Err(
            "this is not a PostgreSQL URL; use postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE"
                .to_owned(),
        );
    }
    PgConnectOptions::from_str(url).map_err(|e| format!("the URL is not valid: {e}"))
}

/// `url` with any password replaced by `***`, fit for logs and error messages.
pub(crate) fn redact(url: &str) -> String {
    let (before_query, query) = match url.split_once('?') {
        Some((before, query)) => (before, Some(query)),
        None => (url, None),
    };
    let mut out = match before_query.split_once("://") {
        Some((scheme, rest)) => {
            let (authority, path) = match rest.find('/') {
                Some(slash) => rest.split_at(slash),
                None => (rest, ""),
            };
            let authority = match authority.rsplit_once('@') {
                Some((userinfo, host)) => match userinfo.split_once(':') {
                    Some((user, _password)) => format!("{user}:***@{host}"),
                    None => authority.to_owned(),
                },
                None => authority.to_owned(),
            };
            format!("{scheme}://{authority}{path}")
        }
        None => before_query.to_owned(),
    };
    if let Some(query) = query {
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
                _ => pair.to_owned(),
            })
            .collect();
        out.push('?');
        out.push_str(&pairs.join("&"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_messages() {
        let cases = [
            (
                "postgres://anneal:s3cret@db:5432/anneal",
                "postgres://anneal:***@db:5432/anneal",
            ),
            ("postgresql://u:p@ss@host/db", "postgresql://u:***@host/db"),
            (
                "postgres://postgres@127.0.0.1/test",
                "postgres://postgres@127.0.0.1/test",
            ),
            (
                "postgres://host?user=u&password=pw&sslmode=disable",
                "postgres://host?user=u&password=***&sslmode=disable",
            ),
            ("postgres://u:pw@host", "postgres://u:***@host"),
            ("not a url at all", "not a url at all"),
        ];
        for (url, want) in cases {
            assert_eq!(redact(url), want, "{url}");
        }
    }

    #[test]
    fn accepts_both_schemes_and_explains_others() {
        assert!(parse("postgres://postgres@127.0.0.1:5432/test").is_ok());
        assert!(parse("postgresql://postgres@localhost/test").is_ok());
        for url in ["sqlite://anneal.db", "mysql://x/y", "", "localhost:5432"] {
            let reason = parse(url).expect_err(url);
            assert!(reason.contains("not a PostgreSQL URL"), "{url}: {reason}");
        }
        let reason = parse("postgres://host:notaport/db").expect_err("bad port");
        assert!(reason.contains("not valid"), "{reason}");
    }
}

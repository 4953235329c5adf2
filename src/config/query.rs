//! Searching and sorting the provider list (Foreman's `search` and `order`, in ldapdeck's words).

use super::provider::Provider;

/// True when `p` matches every term of `search`.
///
/// A term is free text (matched against name, slug, type, URLs and tags) or `key=value`
/// (exact, case-insensitive) or `key~value` (contains), with keys name, slug, type, url,
/// tag, location and organization.
pub fn matches(p: &Provider, search: &str) -> Result<bool, String> {
    for term in search.split_whitespace() {
        if !term_matches(p, term)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn term_matches(p: &Provider, term: &str) -> Result<bool, String> {
    let lower = |s: &str| s.to_lowercase();
    let split = term
        .split_once("~")
        .map(|(k, v)| (k, v, false))
        .or_else(|| term.split_once('=').map(|(k, v)| (k, v, true)));
    let Some((key, value, exact)) = split else {
        let t = lower(term);
        let hay = [p.slug.as_str(), p.display_name(), p.server_type.as_str()]
            .into_iter()
            .chain(p.urls.iter().map(String::as_str))
            .chain(p.tags.iter().map(String::as_str));
        return Ok(hay.map(lower).any(|h| h.contains(&t)));
    };
    let v = lower(value);
    let test = |candidates: Vec<String>| {
        candidates
            .iter()
            .map(|c| lower(c))
            .any(|c| if exact { c == v } else { c.contains(&v) })
    };
    let tagged = |prefix: &str| {
        p.tags
            .iter()
            .filter_map(|t| t.strip_prefix(prefix).map(str::to_string))
            .collect::<Vec<_>>()
    };
    Ok(match lower(key).as_str() {
        "name" => test(vec![p.display_name().to_string()]),
        "slug" => test(vec![p.slug.clone()]),
        "type" | "server_type" => test(vec![p.server_type.as_str().to_string()]),
        "url" | "host" => test(p.urls.clone()),
        "tag" | "tags" => test(p.tags.clone()),
        "location" => test(tagged("location:")),
        "organization" => test(tagged("organization:")),
        other => {
            return Err(format!(
                "cannot search by '{other}': use name, slug, type, url, tag, location or organization"
            ));
        }
    })
}

/// Sorts by a comma-separated list of keys (`name`, `slug`, `type`, `url`, `enabled`),
/// each optionally prefixed with `-` for descending order.
pub fn sort(list: &mut [&Provider], spec: &str) -> Result<(), String> {
    let mut keys = Vec::new();
    for raw in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let (desc, key) = match raw.strip_prefix('-') {
            Some(k) => (true, k),
            None => (false, raw),
        };
        if !["name", "slug", "type", "url", "enabled"].contains(&key) {
            return Err(format!(
                "cannot sort by '{key}': use name, slug, type, url or enabled (prefix - to reverse)"
            ));
        }
        keys.push((key.to_string(), desc));
    }
    list.sort_by(|a, b| {
        for (key, desc) in &keys {
            let ord = sort_key(a, key).cmp(&sort_key(b, key));
            let ord = if *desc { ord.reverse() } else { ord };
            if ord.is_ne() {
                return ord;
            }
        }
        std::cmp::Ordering::Equal
    });
    Ok(())
}

fn sort_key(p: &Provider, key: &str) -> String {
    match key {
        "name" => p.display_name().to_lowercase(),
        "slug" => p.slug.clone(),
        "type" => p.server_type.as_str().to_string(),
        "url" => p.urls.first().cloned().unwrap_or_default(),
        // Enabled first in ascending order.
        _ => if p.enabled { "0" } else { "1" }.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ServerType;

    fn sample() -> Vec<Provider> {
        let mut a = Provider::new("corp-ad");
        a.name = "Corp AD".into();
        a.server_type = ServerType::ActiveDirectory;
        a.urls = vec!["ldaps://dc1.corp.example:636".into()];
        a.tags = vec!["location:Paris".into(), "prod".into()];
        let mut b = Provider::new("lab");
        b.urls = vec!["ldap://lab.example".into()];
        b.enabled = false;
        b.tags = vec!["organization:Lab Org".into()];
        vec![a, b]
    }

    fn slugs(search: &str) -> Vec<String> {
        sample()
            .iter()
            .filter(|p| matches(p, search).expect("valid search"))
            .map(|p| p.slug.clone())
            .collect()
    }

    #[test]
    fn free_text_and_keyed_terms() {
        assert_eq!(slugs("corp"), ["corp-ad"]);
        assert_eq!(slugs("example"), ["corp-ad", "lab"]);
        assert_eq!(slugs("type=active_directory"), ["corp-ad"]);
        assert_eq!(slugs("location=paris"), ["corp-ad"]);
        assert_eq!(slugs("organization~lab"), ["lab"]);
        assert_eq!(slugs("url~dc1 tag=prod"), ["corp-ad"]);
        assert!(slugs("name=corp").is_empty(), "= is exact");
        assert!(matches(&sample()[0], "colour=red").is_err());
    }

    #[test]
    fn sort_keys_and_direction() {
        let all = sample();
        let mut v: Vec<&Provider> = all.iter().collect();
        sort(&mut v, "-slug").expect("ok");
        assert_eq!(v[0].slug, "lab");
        sort(&mut v, "enabled,name").expect("ok");
        assert_eq!(v[0].slug, "corp-ad");
        assert!(sort(&mut v, "colour").is_err());
    }
}

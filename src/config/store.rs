//! `providers.toml` on disk: load with located errors, edit through toml_edit, save atomically.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml_edit::{ArrayOfTables, DocumentMut, Item};

use super::error::{Error, Located};
use super::merge::{merge_into, provider_table};
use super::provider::Provider;
use super::validate::{Problem, validate, validate_all};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileModel {
    #[serde(default)]
    provider: Vec<Provider>,
}

/// The loaded file: the typed providers and the editable document they came from.
#[derive(Clone)]
pub struct Store {
    path: PathBuf,
    /// Bytes as read; `None` when the file did not exist. Used to refuse clobbering.
    original: Option<Vec<u8>>,
    doc: DocumentMut,
    providers: Vec<Provider>,
}

impl Store {
    /// Reads and validates the file; a missing file is an empty store.
    pub fn load(path: &Path) -> Result<Store, Error> {
        let bytes = super::atomic::read_bounded(path)?;
        let text = match &bytes {
            None => String::new(),
            Some(b) => String::from_utf8(b.clone()).map_err(|e| {
                let offset = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(b).into_owned();
                Error::parse(
                    path,
                    &text,
                    offset..offset + 1,
                    "the file is not valid UTF-8",
                )
            })?,
        };
        let model: FileModel = toml::from_str(&text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            Error::parse(path, &text, span, &super::error::explain_toml(e.message()))
        })?;
        let doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
            Error::parse(path, &text, e.span().unwrap_or(0..0), e.message())
        })?;
        let problems = validate_all(&model.provider);
        if !problems.is_empty() {
            return Err(Error::Invalid {
                path: path.to_path_buf(),
                problems: locate_all(&text, problems),
            });
        }
        Ok(Store {
            path: path.to_path_buf(),
            original: bytes,
            doc,
            providers: model.provider,
        })
    }

    /// Where the file lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// All providers, in file order.
    pub fn providers(&self) -> &[Provider] {
        &self.providers
    }

    /// The provider with this slug.
    pub fn get(&self, slug: &str) -> Result<&Provider, Error> {
        self.providers
            .iter()
            .find(|p| p.slug == slug)
            .ok_or_else(|| self.not_found(slug))
    }

    fn not_found(&self, slug: &str) -> Error {
        Error::NotFound {
            slug: slug.to_string(),
            known: self.providers.iter().map(|p| p.slug.clone()).collect(),
        }
    }

    /// Warnings worth printing after a load (e.g. a readable file holding a password).
    pub fn warnings(&self) -> Vec<String> {
        let mut w = Vec::new();
        let holds_password = self.providers.iter().any(|p| p.bind_password.is_some());
        if holds_password
            && let Ok(meta) = fs::metadata(&self.path)
            && meta.permissions().mode() & 0o077 != 0
        {
            w.push(format!(
                "{} holds a password and is readable by group or others (mode {:o}): run chmod 600 {}",
                self.path.display(),
                meta.permissions().mode() & 0o777,
                self.path.display()
            ));
        }
        w
    }

    /// Adds a new provider at the end of the file.
    pub fn add(&mut self, p: Provider) -> Result<(), Error> {
        if self.providers.iter().any(|x| x.slug == p.slug) {
            return Err(Error::SlugExists(p.slug));
        }
        check(&p)?;
        let mut table = provider_table(&p).map_err(Error::Internal)?;
        let first = self.providers.is_empty();
        // A file of only comments keeps them above the first provider, not below it.
        let lead = first
            .then(|| self.doc.trailing().as_str().map(str::to_string))
            .flatten()
            .filter(|t| !t.trim().is_empty());
        if let Some(text) = lead {
            table
                .decor_mut()
                .set_prefix(format!("{}\n", text.trim_end()));
            self.doc.set_trailing("");
        }
        let aot = self.aot_mut()?;
        aot.push(table);
        self.providers.push(p);
        Ok(())
    }

    /// Replaces the provider `slug` with `p` (which may carry a new slug), touching only what changed.
    pub fn update(&mut self, slug: &str, p: Provider) -> Result<(), Error> {
        let index = self.index_of(slug)?;
        if p.slug != slug && self.providers.iter().any(|x| x.slug == p.slug) {
            return Err(Error::SlugExists(p.slug));
        }
        check(&p)?;
        let old = provider_table(&self.providers[index]).map_err(Error::Internal)?;
        let new = provider_table(&p).map_err(Error::Internal)?;
        let aot = self.aot_mut()?;
        let dst = aot
            .get_mut(index)
            .ok_or_else(|| Error::Internal("provider table vanished".into()))?;
        merge_into(dst, &old, &new);
        self.providers[index] = p;
        Ok(())
    }

    /// Removes the provider `slug` and returns it.
    pub fn remove(&mut self, slug: &str) -> Result<Provider, Error> {
        let index = self.index_of(slug)?;
        self.aot_mut()?.remove(index);
        Ok(self.providers.remove(index))
    }

    fn index_of(&self, slug: &str) -> Result<usize, Error> {
        self.providers
            .iter()
            .position(|p| p.slug == slug)
            .ok_or_else(|| self.not_found(slug))
    }

    fn aot_mut(&mut self) -> Result<&mut ArrayOfTables, Error> {
        let root = self.doc.as_table_mut();
        if !root.contains_key("provider") {
            root.insert("provider", Item::ArrayOfTables(ArrayOfTables::new()));
        }
        root.get_mut("provider")
            .and_then(Item::as_array_of_tables_mut)
            .ok_or_else(|| {
                Error::Internal(
                    "`provider` must be written as [[provider]] tables to be edited by ldapdeck"
                        .into(),
                )
            })
    }

    /// The text that `save` would write.
    pub fn render(&self) -> String {
        self.doc.to_string()
    }

    /// Writes the file atomically with mode 0600, refusing if it changed on disk since load.
    /// The check and the rename happen under the file's lock, so of two writers at the same
    /// moment the second is refused instead of silently losing the first one's change.
    pub fn save(&mut self) -> Result<(), Error> {
        // A symlink is followed; anything but a regular file (or none yet) is refused.
        let target = fs::canonicalize(&self.path).unwrap_or_else(|_| self.path.clone());
        super::atomic::regular_or_missing(&target)?;
        let _lock = super::atomic::lock(&target)?;
        let current = super::atomic::read_bounded(&target)?;
        if current != self.original {
            return Err(Error::ChangedOnDisk(self.path.clone()));
        }
        let text = self.render();
        super::atomic::write_atomic(&target, text.as_bytes())?;
        self.original = Some(text.into_bytes());
        Ok(())
    }
}

fn check(p: &Provider) -> Result<(), Error> {
    let problems = validate(p);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::InvalidProvider {
            slug: p.slug.clone(),
            problems,
        })
    }
}

fn locate_all(text: &str, problems: Vec<Problem>) -> Vec<Located> {
    let doc = toml_edit::Document::parse(text).ok();
    problems
        .into_iter()
        .map(|problem| {
            let span = doc
                .as_ref()
                .and_then(|d| span_of(d.as_table(), problem.index, &problem.field));
            Located::new(problem, text, span)
        })
        .collect()
}

/// The byte span of a field path (`urls[1]`, `attributes.mail`) in provider `index`.
fn span_of(root: &toml_edit::Table, index: usize, field: &str) -> Option<std::ops::Range<usize>> {
    let provider = root.get("provider")?.as_array_of_tables()?.get(index)?;
    let mut best = provider.span();
    let mut cur: &dyn toml_edit::TableLike = provider;
    let parts: Vec<&str> = field.split('.').collect();
    for (i, part) in parts.iter().enumerate() {
        let (name, idx) = match part.split_once('[') {
            Some((n, rest)) => (n, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (*part, None),
        };
        let Some((key, item)) = cur.get_key_value(name) else {
            break;
        };
        best = item.span().or(key.span()).or(best);
        if let (Some(ix), Some(arr)) = (idx, item.as_array()) {
            best = arr.get(ix).and_then(|v| v.span()).or(best);
        }
        if i + 1 < parts.len() {
            match item.as_table_like() {
                Some(t) => cur = t,
                None => break,
            }
        }
    }
    best
}

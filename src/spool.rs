//! Values kept serialized (JSON) in one buffer until they are used, one at a time. A batch of
//! 100,000 changes then costs about its JSON, not its Rust structures: an entry image is a
//! B-tree whose first node alone is half a kilobyte, for one short value.

use std::marker::PhantomData;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// A sequence of `T`, each stored as its JSON.
pub struct Spool<T> {
    buf: Vec<u8>,
    /// Where each value ends in `buf`.
    ends: Vec<usize>,
    _t: PhantomData<fn() -> T>,
}

impl<T> Default for Spool<T> {
    fn default() -> Self {
        Spool {
            buf: Vec::new(),
            ends: Vec::new(),
            _t: PhantomData,
        }
    }
}

impl<T: Serialize + DeserializeOwned> Spool<T> {
    /// An empty spool.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a value.
    pub fn push(&mut self, v: &T) -> Result<(), serde_json::Error> {
        let at = self.buf.len();
        if let Err(e) = serde_json::to_writer(&mut self.buf, v) {
            self.buf.truncate(at);
            return Err(e);
        }
        self.ends.push(self.buf.len());
        Ok(())
    }

    /// Drops the last value.
    pub fn pop(&mut self) {
        if self.ends.pop().is_some() {
            self.buf.truncate(self.ends.last().copied().unwrap_or(0));
        }
    }

    /// How many values it holds.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The `i`-th value's JSON.
    pub fn raw(&self, i: usize) -> Option<&[u8]> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.buf.get(start..end)
    }

    /// The `i`-th value (`None` past the end, or if it no longer reads as a `T`, which a
    /// value written by `push` always does).
    pub fn get(&self, i: usize) -> Option<T> {
        serde_json::from_slice(self.raw(i)?).ok()
    }

    /// Every value, in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = T> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

impl<T: Serialize + DeserializeOwned> FromIterator<T> for Spool<T> {
    fn from_iter<I: IntoIterator<Item = T>>(it: I) -> Self {
        let mut s = Spool::new();
        for v in it {
            // Our changes and images always serialize (string keys, plain data).
            let _ = s.push(&v);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ldap::write::change::{Change, Image, Mod};

    #[test]
    fn values_come_back_in_order_and_reversed() {
        let steps: Vec<(Change, Option<Image>)> = (0..3)
            .map(|i| {
                (
                    Change::Modify {
                        dn: format!("uid=u{i},dc=x"),
                        mods: vec![Mod::Replace("description".into(), vec![vec![i, 0xff]])],
                    },
                    (i == 1).then(|| Image::from([("description".into(), vec![b"old".to_vec()])])),
                )
            })
            .collect();
        let s: Spool<(Change, Option<Image>)> = steps.iter().cloned().collect();
        assert_eq!(s.len(), 3);
        assert_eq!(s.iter().collect::<Vec<_>>(), steps);
        assert_eq!(s.iter().next_back(), steps.last().cloned());
        assert_eq!(s.get(3), None);
        let raw: serde_json::Value = serde_json::from_slice(s.raw(1).expect("raw")).expect("json");
        assert_eq!(raw, serde_json::to_value(&steps[1]).expect("value"));
    }
}

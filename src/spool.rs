//! Values kept serialized (JSON) until they are used, one at a time. A batch of 100,000
//! changes then costs about its JSON, not its Rust structures: an entry image is a B-tree
//! whose first node alone is half a kilobyte, for one short value. A spool made with
//! [`Spool::on_disk`] keeps even the JSON out of memory, in an unlinked file sealed with a key
//! only this process holds (values may be passwords), so memory stays flat however large
//! the batch.

use std::borrow::Cow;
use std::fs::File;
use std::io;
use std::marker::PhantomData;
use std::os::unix::fs::FileExt;
use std::path::Path;

use ring::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use ring::rand::{SecureRandom, SystemRandom};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A sequence of `T`, each stored as its JSON.
pub struct Spool<T> {
    store: Store,
    /// Where each value ends in the store.
    ends: Vec<u64>,
    _t: PhantomData<fn() -> T>,
}

/// Where the JSON is.
enum Store {
    Memory(Vec<u8>),
    Disk(Box<Sealed>),
}

/// An unlinked file (0600) of values each sealed (ChaCha20-Poly1305) under a key that never
/// leaves this process: after a crash nothing readable is left, and while it runs the file
/// is no copy of what it holds.
struct Sealed {
    file: File,
    key: LessSafeKey,
    /// The nonce of each value (never one twice under the key, even after a `pop`).
    nonces: Vec<u64>,
    next: u64,
    /// Sealed values not yet written, from `flushed` on (written a piece at a time: one
    /// system call per value costs more than the rest of keeping it).
    tail: Vec<u8>,
    flushed: u64,
}

/// Bytes gathered before they are written.
const TAIL: usize = 256 << 10;

impl Sealed {
    fn new(dir: &Path) -> io::Result<Sealed> {
        let file = tempfile::tempfile_in(dir)?;
        let mut k = zeroize::Zeroizing::new([0u8; 32]);
        SystemRandom::new()
            .fill(&mut k[..])
            .map_err(|_| io::Error::other("no random bytes for the spool's key"))?;
        let key = UnboundKey::new(&CHACHA20_POLY1305, &k[..])
            .map_err(|_| io::Error::other("the spool's key is refused"))?;
        Ok(Sealed {
            file,
            key: LessSafeKey::new(key),
            nonces: Vec::new(),
            next: 0,
            tail: Vec::new(),
            flushed: 0,
        })
    }

    fn nonce(n: u64) -> Nonce {
        let mut b = [0u8; NONCE_LEN];
        b[NONCE_LEN - 8..].copy_from_slice(&n.to_be_bytes());
        Nonce::assume_unique_for_key(b)
    }

    /// Seals a value that goes after what is kept, which ends at `at`; where it ends.
    fn write(&mut self, at: u64, mut json: Vec<u8>) -> io::Result<u64> {
        let n = self.next;
        self.key
            .seal_in_place_append_tag(Self::nonce(n), Aad::empty(), &mut json)
            .map_err(|_| io::Error::other("a spooled value could not be sealed"))?;
        self.next += 1;
        self.tail.extend_from_slice(&json);
        self.nonces.push(n);
        let end = at + json.len() as u64;
        if self.tail.len() >= TAIL {
            if let Err(e) = self.file.write_all_at(&self.tail, self.flushed) {
                // Kept in the tail; this value is not.
                self.tail.truncate(self.tail.len() - json.len());
                self.nonces.pop();
                return Err(e);
            }
            self.flushed = end;
            self.tail.clear();
        }
        Ok(end)
    }

    /// Forgets the last value, leaving what ends at `at`.
    fn pop(&mut self, at: u64) {
        self.nonces.pop();
        if at >= self.flushed {
            self.tail
                .truncate(usize::try_from(at - self.flushed).unwrap_or(0));
        } else {
            // Written over by the next value (under a new nonce).
            self.tail.clear();
            self.flushed = at;
        }
    }

    /// Fills `buf` with the bytes kept from `start` on, from the file and the tail (`None`
    /// when they cannot be read).
    fn bytes_into(&self, buf: &mut [u8], start: u64) -> Option<()> {
        if start >= self.flushed {
            let off = usize::try_from(start - self.flushed).ok()?;
            buf.copy_from_slice(self.tail.get(off..off + buf.len())?);
            return Some(());
        }
        let on_disk = usize::try_from(self.flushed - start).ok()?.min(buf.len());
        self.file.read_exact_at(&mut buf[..on_disk], start).ok()?;
        if on_disk < buf.len() {
            let rest = buf.len() - on_disk;
            buf[on_disk..].copy_from_slice(self.tail.get(..rest)?);
        }
        Some(())
    }

    fn read(&self, i: usize, start: u64, end: u64) -> Option<Vec<u8>> {
        let mut buf = vec![0u8; usize::try_from(end.checked_sub(start)?).ok()?];
        self.bytes_into(&mut buf, start)?;
        let len = self.open(i, &mut buf)?.len();
        buf.truncate(len);
        Some(buf)
    }

    /// The `i`-th value's JSON from its sealed bytes.
    fn open<'b>(&self, i: usize, sealed: &'b mut [u8]) -> Option<&'b mut [u8]> {
        let n = *self.nonces.get(i)?;
        self.key
            .open_in_place(Self::nonce(n), Aad::empty(), sealed)
            .ok()
    }
}

impl<T> Default for Spool<T> {
    fn default() -> Self {
        Spool {
            store: Store::Memory(Vec::new()),
            ends: Vec::new(),
            _t: PhantomData,
        }
    }
}

impl<T: Serialize + DeserializeOwned> Spool<T> {
    /// An empty spool in memory.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty spool in an unlinked, sealed file in `dir` (which must be the user's own).
    pub fn on_disk(dir: &Path) -> io::Result<Self> {
        Ok(Spool {
            store: Store::Disk(Box::new(Sealed::new(dir)?)),
            ends: Vec::new(),
            _t: PhantomData,
        })
    }

    fn end(&self) -> u64 {
        self.ends.last().copied().unwrap_or(0)
    }

    /// Appends a value.
    pub fn push(&mut self, v: &T) -> io::Result<()> {
        let at = self.end();
        let end = match &mut self.store {
            Store::Memory(buf) => {
                if let Err(e) = serde_json::to_writer(&mut *buf, v) {
                    buf.truncate(at as usize);
                    return Err(e.into());
                }
                buf.len() as u64
            }
            Store::Disk(sealed) => sealed.write(at, serde_json::to_vec(v)?)?,
        };
        self.ends.push(end);
        Ok(())
    }

    /// Drops the last value.
    pub fn pop(&mut self) {
        if self.ends.pop().is_some() {
            let end = self.end();
            match &mut self.store {
                Store::Memory(buf) => buf.truncate(end as usize),
                Store::Disk(sealed) => sealed.pop(end),
            }
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
    fn json(&self, i: usize) -> Option<Cow<'_, [u8]>> {
        let (start, end) = self.span(i)?;
        match &self.store {
            Store::Memory(buf) => buf
                .get(usize::try_from(start).ok()?..usize::try_from(end).ok()?)
                .map(Cow::Borrowed),
            Store::Disk(sealed) => sealed.read(i, start, end).map(Cow::Owned),
        }
    }

    /// The `i`-th value (`None` past the end, or if it no longer reads as a `T`, which a
    /// value written by `push` always does).
    pub fn get(&self, i: usize) -> Option<T> {
        serde_json::from_slice(&self.json(i)?).ok()
    }

    /// Every value, in order (from either end). A value that cannot be read back (a disk
    /// error) ends the iteration from that side; `len` says how many there are.
    pub fn iter(&self) -> Iter<'_, T> {
        Iter {
            spool: self,
            front: 0,
            back: self.len(),
            ahead: Window::default(),
            behind: Window::default(),
        }
    }

    /// Where the `i`-th value lies in the store.
    fn span(&self, i: usize) -> Option<(u64, u64)> {
        let end = *self.ends.get(i)?;
        Some((if i == 0 { 0 } else { self.ends[i - 1] }, end))
    }

    /// The `i`-th value, read from disk through `w` (a piece of the file at a time).
    fn get_through(&self, i: usize, w: &mut Window, forward: bool) -> Option<T> {
        let Store::Disk(sealed) = &self.store else {
            return self.get(i);
        };
        let (start, end) = self.span(i)?;
        if !(w.at <= start && end <= w.at + w.bytes.len() as u64) {
            let (from, to) = if forward {
                (start, end.max(start + WINDOW))
            } else {
                (start.min(end.saturating_sub(WINDOW)), end)
            };
            let to = to.min(self.end());
            w.bytes.resize(usize::try_from(to - from).ok()?, 0);
            sealed.bytes_into(&mut w.bytes, from)?;
            w.at = from;
        }
        let off = usize::try_from(start - w.at).ok()?;
        let len = usize::try_from(end - start).ok()?;
        let mut buf = w.bytes.get(off..off + len)?.to_vec();
        let plain = sealed.open(i, &mut buf)?;
        serde_json::from_slice(plain).ok()
    }
}

/// Bytes read from disk at a time when iterating.
const WINDOW: u64 = 256 << 10;

/// A piece of a spool's file, read at once.
#[derive(Default)]
struct Window {
    at: u64,
    bytes: Vec<u8>,
}

/// A spool's values in order, read a window of its file at a time from either end.
pub struct Iter<'a, T> {
    spool: &'a Spool<T>,
    front: usize,
    back: usize,
    ahead: Window,
    behind: Window,
}

impl<T: Serialize + DeserializeOwned> Iterator for Iter<'_, T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        if self.front >= self.back {
            return None;
        }
        let v = self.spool.get_through(self.front, &mut self.ahead, true);
        self.front = if v.is_some() {
            self.front + 1
        } else {
            self.back
        };
        v
    }
}

impl<T: Serialize + DeserializeOwned> DoubleEndedIterator for Iter<'_, T> {
    fn next_back(&mut self) -> Option<T> {
        if self.front >= self.back {
            return None;
        }
        let v = self
            .spool
            .get_through(self.back - 1, &mut self.behind, false);
        self.back = if v.is_some() {
            self.back - 1
        } else {
            self.front
        };
        v
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
        let raw: serde_json::Value =
            serde_json::from_slice(&s.json(1).expect("json")).expect("json");
        assert_eq!(raw, serde_json::to_value(&steps[1]).expect("value"));
    }

    #[test]
    fn on_disk_values_come_back_and_the_file_holds_none_of_them() {
        let dir = tempfile::tempdir().expect("dir");
        let mut s: Spool<String> = Spool::on_disk(dir.path()).expect("spool");
        s.push(&"hunter2-first".to_string()).expect("push");
        s.push(&"dropped".to_string()).expect("push");
        s.pop();
        s.push(&"hunter2-second".to_string()).expect("push");
        assert_eq!(s.len(), 2);
        assert_eq!(
            s.iter().rev().collect::<Vec<_>>(),
            ["hunter2-second", "hunter2-first"]
        );
        assert_eq!(s.get(2), None);
        // Unlinked: nothing in the directory; sealed: no value in the bytes.
        assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 0);
        let Store::Disk(sealed) = &s.store else {
            unreachable!()
        };
        let mut bytes = vec![0u8; s.end() as usize];
        sealed.bytes_into(&mut bytes, 0).expect("read");
        assert!(!bytes.windows(7).any(|w| w == b"hunter2"));
        // A nonce is never used twice, even for the slot a pop freed.
        assert_eq!(sealed.nonces, [0, 2]);
    }

    #[test]
    fn a_large_spool_is_written_a_piece_at_a_time_and_reads_back_both_ways() {
        let dir = tempfile::tempdir().expect("dir");
        let mut s: Spool<String> = Spool::on_disk(dir.path()).expect("spool");
        let value = |i: usize| format!("{i:05}-{}", "x".repeat(3000));
        for i in 0..300 {
            s.push(&value(i)).expect("push");
        }
        // Past the tail's size: some of it is in the file, the rest still gathered.
        let Store::Disk(sealed) = &s.store else {
            unreachable!()
        };
        assert!(sealed.flushed > 0 && !sealed.tail.is_empty());
        s.pop();
        s.push(&value(299)).expect("push");
        assert!(s.iter().eq((0..300).map(value)));
        assert!(s.iter().rev().eq((0..300).rev().map(value)));
        let mut both = s.iter();
        assert_eq!(both.next(), Some(value(0)));
        assert_eq!(both.next_back(), Some(value(299)));
        assert_eq!(both.count(), 298);
        assert_eq!(s.get(150), Some(value(150)));
    }
}

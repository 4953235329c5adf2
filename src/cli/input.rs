//! Reading what a command line points at (a file, or `-` for standard input), bounded: a
//! huge file, /dev/zero or a FIFO that never ends is refused, never read without end.

use std::io::Read;

use crate::error::Error;

/// The bytes of `file` (`-`: standard input), at most `max`; a device, FIFO or socket is
/// refused by name (standard input may be a pipe).
pub fn read_bytes(file: &str, max: u64) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    let r = if file == "-" {
        std::io::stdin().take(max + 1).read_to_end(&mut bytes)
    } else {
        let f = std::fs::File::open(file).map_err(|e| Error::Input(format!("{file}: {e}")))?;
        if !f.metadata().map(|m| m.is_file()).unwrap_or(false) {
            return Err(Error::Input(format!("{file}: not a regular file")));
        }
        f.take(max + 1).read_to_end(&mut bytes)
    };
    r.map_err(|e| Error::Input(format!("{file}: {e}")))?;
    if bytes.len() as u64 > max {
        return Err(Error::Input(format!(
            "{file}: larger than {}: not what this command reads",
            human_size(max)
        )));
    }
    Ok(bytes)
}

/// `read_bytes` as UTF-8 text.
pub fn read_text(file: &str, max: u64) -> Result<String, Error> {
    String::from_utf8(read_bytes(file, max)?).map_err(|e| {
        Error::Input(format!(
            "{file}: not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to() + 1
        ))
    })
}

fn human_size(n: u64) -> String {
    if n >= 1 << 20 {
        format!("{} MiB", n >> 20)
    } else {
        format!("{} KiB", n >> 10)
    }
}

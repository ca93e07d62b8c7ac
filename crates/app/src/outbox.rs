//! Delivering the outbox. Messages (invitation and reset links) are always written to the
//! outbox in the transaction that makes the link; a [`Sender`], when one is configured,
//! hands them on and marks them sent. Without one, admins read them at `/admin/outbox`.

use std::io::Write;
use std::process::{Command, Stdio};

use otop_store::tokens::OutboxMessage;
use otop_store::{Store, StoreError};

/// Something that delivers a message to a person (mail server, SMS gateway).
pub trait Sender: Send + Sync {
    fn send(&self, m: &OutboxMessage) -> Result<(), String>;
}

/// Pipes each message to a command, as `sendmail -t` takes it: `To:` and `Subject:` headers,
/// a blank line, the body. An SMS gateway's script can read the same.
#[derive(Debug, Clone)]
pub struct CommandSender {
    program: String,
    args: Vec<String>,
}

impl CommandSender {
    /// From a command line such as `/usr/sbin/sendmail -t` (split on spaces).
    pub fn parse(command: &str) -> Option<Self> {
        let mut parts = command.split_whitespace().map(str::to_string);
        let program = parts.next()?;
        Some(Self { program, args: parts.collect() })
    }
}

impl Sender for CommandSender {
    fn send(&self, m: &OutboxMessage) -> Result<(), String> {
        let mut child = Command::new(&self.program)
            .args(&self.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("{}: {e}", self.program))?;
        let text = format!(
            "To: {}\nSubject: {}\nContent-Type: text/plain; charset=utf-8\n\n{}\n",
            m.recipient, m.subject, m.body
        );
        child.stdin.take().ok_or("no stdin")?.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
        let out = child.wait_with_output().map_err(|e| e.to_string())?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!("{} exited with {}: {}", self.program, out.status, String::from_utf8_lossy(&out.stderr).trim()))
        }
    }
}

/// Sends every pending message, oldest first; a message that fails stays pending for the
/// next round. Returns how many were sent.
pub async fn deliver_pending(store: &Store, sender: &dyn Sender) -> Result<usize, StoreError> {
    let mut pending = store.pending_messages().await?;
    pending.reverse();
    let mut sent = 0;
    for m in &pending {
        match sender.send(m) {
            Ok(()) => {
                store.mark_sent(m.id).await?;
                sent += 1;
            }
            Err(e) => tracing::warn!(message = m.id, error = %e, "message not delivered; will retry"),
        }
    }
    Ok(sent)
}

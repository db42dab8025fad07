//! The widget's states, as the host's `data-state` attribute shows them (widget DOM contract).

/// One state of a `<mynaform-button>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WidgetState {
    /// Ready; nothing requested yet (or cleared).
    Idle,
    /// Waiting for the server session and the wallet.
    Requesting,
    /// The wallet answered; decrypting and verifying.
    Verifying,
    /// Verified values were put into the form.
    Filled,
    /// The user cancelled.
    Cancelled,
    /// Something failed; `data-error` says what.
    Error,
    /// The browser cannot ask a wallet and no demo wallet is available.
    Unsupported,
}

impl WidgetState {
    /// The `data-state` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Idle => "idle",
            Self::Requesting => "requesting",
            Self::Verifying => "verifying",
            Self::Filled => "filled",
            Self::Cancelled => "cancelled",
            Self::Error => "error",
            Self::Unsupported => "unsupported",
        }
    }

    /// In flight: `aria-busy="true"` and a visible spinner; the button then cancels.
    pub fn is_busy(self) -> bool {
        matches!(self, Self::Requesting | Self::Verifying)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_requesting_and_verifying_are_busy() {
        let busy: Vec<&str> = [
            WidgetState::Idle,
            WidgetState::Requesting,
            WidgetState::Verifying,
            WidgetState::Filled,
            WidgetState::Cancelled,
            WidgetState::Error,
            WidgetState::Unsupported,
        ]
        .into_iter()
        .filter(|s| s.is_busy())
        .map(WidgetState::as_str)
        .collect();
        assert_eq!(busy, ["requesting", "verifying"]);
    }
}

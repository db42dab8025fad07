//! What the widget says, in Japanese (default) and English, and the preview of what each preset asks
//! the wallet for (送信する情報, issue 6 item 4).

use crate::error::WidgetError;
use crate::state::WidgetState;

/// UI language (`lang` attribute: `ja` default, `en`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    /// 日本語.
    #[default]
    Ja,
    /// English.
    En,
}

impl Lang {
    /// Reads the `lang` attribute; anything but `en…` is Japanese.
    pub fn from_attribute(value: Option<&str>) -> Self {
        match value {
            Some(v) if v.to_ascii_lowercase().starts_with("en") => Self::En,
            _ => Self::Ja,
        }
    }

    fn pick(self, ja: &'static str, en: &'static str) -> &'static str {
        match self {
            Self::Ja => ja,
            Self::En => en,
        }
    }
}

/// A preset the widget can request, with what it asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// 基本4情報 for form filling.
    AutofillBasic4,
    /// 基本4情報 + 個人番号 (only with `allow-my-number`).
    AutofillWithMyNumber,
    /// 犯収法 ル方式: 基本4情報 + 顔写真.
    EkycRu,
    /// 18歳以上かどうか only.
    AgeOver18,
    /// 20歳以上かどうか only.
    AgeOver20,
    /// 住所 only.
    Residence,
    /// 窓口: 基本4情報 + 顔写真.
    CounterIdentity,
    /// 18歳以上かどうか + 氏名 only (matching-app sign-up).
    AgeOver18WithName,
}

/// One item of the 送信する情報 preview.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Item {
    /// 氏名.
    Name,
    /// 生年月日.
    BirthDate,
    /// 性別.
    Sex,
    /// 住所.
    Address,
    /// 個人番号.
    MyNumber,
    /// 顔写真.
    Portrait,
    /// 18歳以上かどうか.
    AgeOver18,
    /// 20歳以上かどうか.
    AgeOver20,
}

impl Preset {
    /// Parses the `preset` attribute.
    pub fn parse(value: &str) -> Option<Self> {
        Some(match value.trim() {
            "autofill_basic4" => Self::AutofillBasic4,
            "autofill_with_my_number" => Self::AutofillWithMyNumber,
            "ekyc_ru" => Self::EkycRu,
            "age_over_18" => Self::AgeOver18,
            "age_over_20" => Self::AgeOver20,
            "residence" => Self::Residence,
            "counter_identity" => Self::CounterIdentity,
            "age_over_18_with_name" => Self::AgeOver18WithName,
            _ => return None,
        })
    }

    /// The id the server's `/sessions` endpoint takes.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AutofillBasic4 => "autofill_basic4",
            Self::AutofillWithMyNumber => "autofill_with_my_number",
            Self::EkycRu => "ekyc_ru",
            Self::AgeOver18 => "age_over_18",
            Self::AgeOver20 => "age_over_20",
            Self::Residence => "residence",
            Self::CounterIdentity => "counter_identity",
            Self::AgeOver18WithName => "age_over_18_with_name",
        }
    }

    /// What the wallet will be asked for, in the order the preview lists it.
    pub fn items(self) -> &'static [Item] {
        use Item::*;
        match self {
            Self::AutofillBasic4 => &[Name, BirthDate, Sex, Address],
            Self::AutofillWithMyNumber => &[Name, BirthDate, Sex, Address, MyNumber],
            Self::EkycRu => &[Name, BirthDate, Address, Portrait],
            Self::CounterIdentity => &[Name, BirthDate, Sex, Address, Portrait],
            Self::AgeOver18 => &[AgeOver18],
            Self::AgeOver20 => &[AgeOver20],
            Self::Residence => &[Address],
            Self::AgeOver18WithName => &[AgeOver18, Name],
        }
    }

    /// Why the page asks (shown under the preview).
    pub fn purpose(self, lang: Lang) -> &'static str {
        match self {
            Self::AutofillBasic4 | Self::AutofillWithMyNumber => lang.pick(
                "申請フォームへの入力のため",
                "to fill in this application form",
            ),
            Self::EkycRu => lang.pick(
                "口座開設の本人確認（犯収法）のため",
                "for identity verification when opening an account",
            ),
            Self::CounterIdentity => lang.pick(
                "窓口での本人確認のため",
                "for identity verification at the counter",
            ),
            Self::AgeOver18WithName => lang.pick(
                "18歳以上であることと氏名の確認のため",
                "to confirm that you are 18 or older and your name",
            ),
            Self::AgeOver18 => lang.pick(
                "18歳以上であることの確認のため",
                "to confirm that you are 18 or older",
            ),
            Self::AgeOver20 => lang.pick(
                "20歳以上であることの確認のため",
                "to confirm that you are 20 or older",
            ),
            Self::Residence => lang.pick("住所の確認のため", "to confirm your address"),
        }
    }
}

impl Item {
    /// The item's label.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Name => lang.pick("氏名", "Name"),
            Self::BirthDate => lang.pick("生年月日", "Date of birth"),
            Self::Sex => lang.pick("性別", "Sex"),
            Self::Address => lang.pick("住所", "Address"),
            Self::MyNumber => {
                lang.pick("個人番号（マイナンバー）", "Individual Number (My Number)")
            }
            Self::Portrait => lang.pick("顔写真", "Portrait"),
            Self::AgeOver18 => lang.pick(
                "18歳以上かどうか（生年月日は送られません）",
                "Whether you are 18 or older (no birth date)",
            ),
            Self::AgeOver20 => lang.pick(
                "20歳以上かどうか（生年月日は送られません）",
                "Whether you are 20 or older (no birth date)",
            ),
        }
    }
}

/// Fixed texts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text {
    /// The button in the idle state.
    Button,
    /// The button while in flight (it cancels).
    CancelButton,
    /// Heading of the preview.
    WillSend,
    /// Badge next to verified values.
    VerifiedBadge,
    /// Issuer line of the summary.
    Issuer,
    /// Confirmation before overwriting edited fields.
    ConfirmOverwrite,
    /// Label of the demo wallet sheet.
    DemoWalletTitle,
    /// 許諾.
    Consent,
    /// キャンセル.
    Cancel,
    /// Note under the demo wallet.
    DemoWalletNote,
    /// Age check passed.
    AgeOk,
    /// Age check failed.
    AgeNotOk,
}

impl Text {
    /// The text in a language.
    pub fn get(self, lang: Lang) -> &'static str {
        match self {
            Self::Button => lang.pick("マイナンバーカードで入力", "Fill in with My Number Card"),
            Self::CancelButton => lang.pick("中止する", "Cancel request"),
            Self::WillSend => lang.pick("送信する情報", "Information to be sent"),
            Self::VerifiedBadge => lang.pick("検証済み", "Verified"),
            Self::Issuer => lang.pick("発行者", "Issuer"),
            Self::ConfirmOverwrite => lang.pick(
                "入力済みの項目があります。マイナンバーカードの内容で上書きしますか？",
                "Some fields were already edited. Overwrite them with the data from the My Number Card?",
            ),
            Self::DemoWalletTitle => lang.pick("デモ用ウォレット（シミュレーション）", "Demo wallet (simulation)"),
            Self::Consent => lang.pick("許諾", "Allow"),
            Self::Cancel => lang.pick("キャンセル", "Cancel"),
            Self::DemoWalletNote => lang.pick(
                "これは実際のスマートフォンではありません。テスト用の架空の人物のデータが送信されます。",
                "This is not a real phone. Data of a fictitious test person is sent.",
            ),
            Self::AgeOk => lang.pick("年齢確認OK", "Age confirmed"),
            Self::AgeNotOk => lang.pick("年齢条件を満たしていません", "Age requirement not met"),
        }
    }
}

/// The status line for a state (errors use [`error_message`]).
pub fn status_message(state: WidgetState, lang: Lang) -> &'static str {
    match state {
        WidgetState::Idle => "",
        WidgetState::Requesting => lang.pick(
            "スマートフォンのウォレットで内容を確認し、許諾してください…",
            "Check the request in your phone's wallet and allow it…",
        ),
        WidgetState::Verifying => lang.pick(
            "受け取ったデータを検証しています…",
            "Verifying the received data…",
        ),
        WidgetState::Filled => lang.pick(
            "検証済みのデータを入力しました。",
            "Verified data was filled in.",
        ),
        WidgetState::Cancelled => lang.pick("キャンセルされました。", "The request was cancelled."),
        WidgetState::Error => {
            lang.pick("確認できませんでした。", "The data could not be verified.")
        }
        WidgetState::Unsupported => lang.pick(
            "このブラウザはマイナンバーカード（スマホ用電子証明書）の読み取りに対応していません。",
            "This browser cannot request digital credentials.",
        ),
    }
}

/// A message for an error that names what failed (a verification check by name).
pub fn error_message(error: &WidgetError, lang: Lang) -> String {
    let ja = lang == Lang::Ja;
    match error {
        WidgetError::Cancelled => status_message(WidgetState::Cancelled, lang).to_owned(),
        WidgetError::Unsupported(reason) => {
            let why = match (*reason, ja) {
                ("no_dc_api", true) => "Digital Credentials API がありません",
                ("no_dc_api", false) => "the Digital Credentials API is missing",
                ("protocol_not_allowed", true) => "対応する提示プロトコルがありません",
                ("protocol_not_allowed", false) => "no supported presentation protocol",
                ("insecure_context", true) => "安全な接続（HTTPS）ではありません",
                ("insecure_context", false) => "the page is not served over HTTPS",
                (_, true) => "不明な理由",
                (_, false) => "unknown reason",
            };
            format!(
                "{}（{why}）",
                status_message(WidgetState::Unsupported, lang)
            )
        }
        WidgetError::Timeout => lang
            .pick(
                "時間内に応答がありませんでした。もう一度お試しください。",
                "The wallet did not answer in time. Please try again.",
            )
            .to_owned(),
        WidgetError::UnknownPreset => lang
            .pick(
                "設定エラー: preset が正しくありません。",
                "Configuration error: invalid preset.",
            )
            .to_owned(),
        WidgetError::MyNumberNotAllowed => lang
            .pick(
                "設定エラー: 個人番号の取得には allow-my-number 属性が必要です。",
                "Configuration error: the My Number preset needs allow-my-number.",
            )
            .to_owned(),
        WidgetError::Network => lang
            .pick(
                "サーバーに接続できませんでした。",
                "Could not reach the server.",
            )
            .to_owned(),
        WidgetError::Server(status) => {
            if ja {
                format!("サーバーが要求を受け付けませんでした（HTTP {status}）。")
            } else {
                format!("The server refused the request (HTTP {status}).")
            }
        }
        WidgetError::ServerResponse => lang
            .pick(
                "サーバーの応答が不正です。",
                "The server's answer was malformed.",
            )
            .to_owned(),
        WidgetError::Wallet(name) => {
            if ja {
                format!("ウォレットでエラーが発生しました（{name}）。")
            } else {
                format!("The wallet reported an error ({name}).")
            }
        }
        WidgetError::WalletResponse => lang
            .pick(
                "ウォレットの応答が不正です。",
                "The wallet's response was malformed.",
            )
            .to_owned(),
        WidgetError::Decryption => lang
            .pick(
                "応答を復号できませんでした。",
                "The response could not be decrypted.",
            )
            .to_owned(),
        WidgetError::Verification(check) => {
            let name = check_label(check, lang);
            if ja {
                format!("検証に失敗しました: {name}（{check}）。何も入力していません。")
            } else {
                format!("Verification failed: {name} ({check}). Nothing was filled in.")
            }
        }
    }
}

/// Human name of a verification check (the verifier's check names).
pub fn check_label(check: &str, lang: Lang) -> &'static str {
    match check {
        "cbor" => lang.pick("データ形式", "data encoding"),
        "structure" => lang.pick("データ構造", "data structure"),
        "doc_type" => lang.pick("書類の種類", "document type"),
        "issuer_signature" => lang.pick("発行者の署名", "issuer signature"),
        "trust_chain" => lang.pick("発行者証明書の信頼チェーン", "issuer certificate chain"),
        "certificate_profile" => lang.pick("証明書のプロファイル", "certificate profile"),
        "validity" => lang.pick("有効期間", "validity period"),
        "value_digest" => lang.pick("項目の改ざん検知（ダイジェスト）", "element digests"),
        "device_authentication" => lang.pick(
            "端末認証（この要求への応答であること）",
            "device authentication (bound to this request)",
        ),
        _ => lang.pick("その他の検査", "other check"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancelled_message_matches_contract_in_both_languages() {
        assert!(error_message(&WidgetError::Cancelled, Lang::Ja).contains("キャンセルされました"));
        assert!(error_message(&WidgetError::Cancelled, Lang::En).contains("cancelled"));
    }

    #[test]
    fn verification_message_names_the_check() {
        let message = error_message(&WidgetError::Verification("value_digest".into()), Lang::Ja);
        assert!(message.contains("ダイジェスト"));
        assert!(message.contains("value_digest"));
    }

    #[test]
    fn age_presets_preview_only_the_age_item() {
        assert_eq!(Preset::AgeOver20.items(), &[Item::AgeOver20]);
        assert!(!Preset::AutofillBasic4.items().contains(&Item::MyNumber));
        assert!(
            Preset::AutofillWithMyNumber
                .items()
                .contains(&Item::MyNumber)
        );
    }

    #[test]
    fn lang_attribute_defaults_to_japanese() {
        assert_eq!(Lang::from_attribute(None), Lang::Ja);
        assert_eq!(Lang::from_attribute(Some("en-US")), Lang::En);
        assert_eq!(Lang::from_attribute(Some("fr")), Lang::Ja);
    }

    #[test]
    fn presets_round_trip_through_their_ids() {
        for id in [
            "autofill_basic4",
            "autofill_with_my_number",
            "ekyc_ru",
            "age_over_18",
            "age_over_20",
            "residence",
            "counter_identity",
            "age_over_18_with_name",
        ] {
            assert_eq!(Preset::parse(id).map(Preset::as_str), Some(id));
        }
        assert_eq!(Preset::parse("everything"), None);
    }
}

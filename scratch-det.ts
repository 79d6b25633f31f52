import { detect } from "./app/content/detectors";
const samples = [
  "Card 4111 1111 1111 1111 on file", "4111-1111-1111-1111", "4111 1111\n1111 1111", "4111 1111 1111 1112", "カード番号4111111111111111です", "😀 4111111111111111",
  "order #100234598", "ORD-2026-004512", "1Z999AA10123456784", "JD014600003828447291", "2026-03-01", "03/01/2026", "2026年3月1日", "$1,299.00", "¥12,800", "INV-2026-00871",
  "IBAN DE89 3704 0044 0532 0130 00 AND more", "GB82WEST12345698765432.", "SSN 123-45-6789", "my social security number is 123456789", "000-12-3456", "123 45 6789",
  "マイナンバーは1234 5678 9018です", "マイナンバー：１２３４５６７８９０１８", "my number 123456789018", 
  "email dana.whitfield@example.com.", "Call +81 3-1234-5678 today", "(415) 555-2671", "お電話は03-1234-5678まで", "020 7946 0958", "call 4155552671", "Ticket 12345678",
  "password: hunter2", "your temporary password is Xy7!abc", "passcode 4821", "パスワード：abc123", "暗証番号は1234", "reset your password from the settings page", "Your password is incorrect", "password for the portal is Xy7!abc.",
  "sk_live_4eC39HqLyjWDarjtT1zdp7dc", "AKIAIOSFODNN7EXAMPLE", "ghp_1234567890abcdefghijABCDEFGHIJ123456", "xoxb-1234567890-abcdefghij", "AIzaSyA1234567890abcdefghijklmnopqrstuv", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "Authorization: Bearer abc123def456ghi789",
  "新しいパスワードは「Xy7abc」です", "PIN 1234", "pin the tweet", "verification code 482913", "the PIN is 12", "Passwort: Geheim123",
];
for (const s of samples) console.log(JSON.stringify(s), "=>", detect(s).map(x => `${x.category}:${JSON.stringify(s.slice(x.start, x.end))}`).join(", "));

import { messageOf } from './notifications.service';

describe('notification messages', () => {
  const by = { ja: '山田 太郎', en: 'Yamada Taro' };
  const requester = { ja: '佐藤 花子', en: 'Sato Hanako' };

  it('say what was decided, for which days and by whom, in Japanese and English', () => {
    expect(messageOf('request.rejected', { from: '2026-12-07', to: '2026-12-07', by })).toEqual({
      ja: '2026-12-07 のテレワーク申請が却下されました（山田 太郎）。',
      en: 'Your telework request for 2026-12-07 was rejected by Yamada Taro.',
    });
    expect(messageOf('request.approved', { from: '2026-12-07', to: '2026-12-09', by: null })).toEqual({
      ja: '2026-12-07〜2026-12-09 のテレワーク申請が承認されました。',
      en: 'Your telework request for 2026-12-07 to 2026-12-09 was approved.',
    });
    expect(messageOf('request.expired', { from: '2026-12-07', to: '2026-12-07' })).toEqual({
      ja: '2026-12-07 のテレワーク申請は決裁されないまま期日を過ぎました。',
      en: 'Your telework request for 2026-12-07 passed its last day without a decision.',
    });
    expect(messageOf('task.reminder', { from: '2026-12-07', to: '2026-12-07', requester })).toEqual({
      ja: '佐藤 花子 さんの 2026-12-07 の申請が決裁を待っています。',
      en: "Sato Hanako's request for 2026-12-07 is waiting for your decision.",
    });
  });

  it("say that a deputy approved in the approver's place (代決), and for whom", () => {
    const approver = { ja: '鈴木 一郎', en: 'Suzuki Ichiro' };
    expect(messageOf('request.approved', { from: '2026-12-07', to: '2026-12-07', by, onBehalfOf: approver })).toEqual({
      ja: '2026-12-07 のテレワーク申請が承認されました（鈴木 一郎 に代わり 山田 太郎 が代決）。',
      en: 'Your telework request for 2026-12-07 was approved by Yamada Taro on behalf of Suzuki Ichiro.',
    });
  });

  it('say who revoked an approval and why, and why a 後閲 is owed', () => {
    expect(
      messageOf('request.revoked', { from: '2026-12-07', to: '2026-12-07', by, comment: '窓口の応援が必要です' }),
    ).toEqual({
      ja: '2026-12-07 のテレワーク申請の承認が取り消されました（山田 太郎）。理由: 窓口の応援が必要です',
      en: 'The approval of your telework request for 2026-12-07 was revoked by Yamada Taro. Reason: 窓口の応援が必要です',
    });
    // revoked once begun: the days to the last one worked (the request's dates now) stay approved
    expect(
      messageOf('request.revoked', {
        from: '2026-12-07',
        to: '2026-12-08',
        by,
        comment: '窓口の応援が必要です',
        keptUntil: '2026-12-08',
      }),
    ).toEqual({
      ja: '2026-12-08 より後のテレワークの承認が取り消されました（山田 太郎）。2026-12-07〜2026-12-08 は承認済みのままです。理由: 窓口の応援が必要です',
      en: 'The approval of your telework after 2026-12-08 was revoked by Yamada Taro; 2026-12-07 to 2026-12-08 stays approved. Reason: 窓口の応援が必要です',
    });
    const owed = (reason: string) =>
      messageOf('task.kouetsu', { from: '2026-12-07', to: '2026-12-07', requester, reason }).ja;
    expect(owed('daiketsu')).toContain('不在中に代決されました');
    expect(owed('skippedAbsent')).toContain('省略');
    expect(owed('pulledForward')).toContain('引上げ');
    expect(owed('escalated')).toContain('期限を過ぎた');
  });

  it('name a kind they do not know rather than say nothing', () => {
    expect(messageOf('request.teleported', {})).toEqual({
      ja: 'お知らせ（request.teleported）',
      en: 'Notice (request.teleported)',
    });
  });
});

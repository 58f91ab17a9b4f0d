import { describe, it, expect } from 'vitest';
import { portfolioConcentration } from './portfolio.ts';

describe('portfolio', () => {
  it('PORTFOLIO-1: warns when one alliance carries more than half of at least 4 open commitments', () => {
    const r = portfolioConcentration([
      { id: 'x', name: 'Solar JV', openCommitments: 3 },
      { id: 'y', openCommitments: 1 },
      { id: 'z', openCommitments: 1 },
    ]);
    expect(r.total).toBe(5);
    expect(r.shares.map((s) => s.share)).toEqual([0.6, 0.2, 0.2]);
    expect(r.warning).toEqual({
      id: 'x',
      share: 0.6,
      message: 'Solar JV carries 3 of your 5 open commitments (60%): if it falters, most of your work falters with it.',
    });
  });

  it('PORTFOLIO-1: exactly half is not a warning, nor is a portfolio with fewer than 4 open commitments', () => {
    expect(portfolioConcentration([{ id: 'x', openCommitments: 2 }, { id: 'y', openCommitments: 2 }]).warning).toBeNull();
    expect(portfolioConcentration([{ id: 'x', openCommitments: 3 }]).warning).toBeNull();
    expect(portfolioConcentration([{ id: 'x', openCommitments: 4 }]).warning?.share).toBe(1);
    expect(portfolioConcentration([]).total).toBe(0);
  });

  it('PORTFOLIO-1: an alliance with nothing open has no share, and an unnamed one is still named in the warning', () => {
    expect(portfolioConcentration([{ id: 'x', openCommitments: 0 }, { id: 'y', openCommitments: 0 }]).shares).toEqual([
      { id: 'x', openCommitments: 0, share: 0 },
      { id: 'y', openCommitments: 0, share: 0 },
    ]);
    expect(portfolioConcentration([{ id: 'x', name: '', openCommitments: 4 }]).warning?.message).toBe(
      'One alliance carries 4 of your 4 open commitments (100%): if it falters, most of your work falters with it.',
    );
  });

  it('PORTFOLIO-1: a count that is not a number of commitments (negative, infinite, not a number) counts as none', () => {
    const r = portfolioConcentration([
      { id: 'x', openCommitments: 3 },
      { id: 'y', openCommitments: -5 },
      { id: 'z', openCommitments: Infinity },
      { id: 'w', openCommitments: Number.NaN },
      { id: 'v', openCommitments: 2 },
    ]);
    expect(r.total).toBe(5);
    expect(r.shares.map((s) => s.openCommitments)).toEqual([3, 0, 0, 0, 2]);
    expect(r.warning?.id).toBe('x');
  });
});


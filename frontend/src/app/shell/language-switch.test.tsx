import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import i18n, { LANGUAGE_STORAGE_KEY, storedLanguage } from '@/lib/i18n';
import { renderApp, stubApi } from '@/testing/render-app';

describe('language switch', () => {
  it('starts in Simplified Chinese', async () => {
    vi.stubGlobal('fetch', stubApi({}));
    renderApp('/');

    expect(await screen.findByRole('heading', { name: '工作台' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /系统状态/ })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('zh-CN');
  });

  it('switches the menu, page and antd texts to English and remembers the choice', async () => {
    vi.stubGlobal('fetch', stubApi({}));
    const { user } = renderApp('/');

    const langSwitch = await screen.findByTestId('lang-switch');
    expect(langSwitch).toHaveAccessibleName('语言 / Language');
    await user.click(within(langSwitch).getByText('English'));

    expect(await screen.findByRole('heading', { name: 'Workbench' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /System status/ })).toBeInTheDocument();
    expect(screen.queryByText('系统状态')).not.toBeInTheDocument();
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('en');
    expect(document.documentElement.lang).toBe('en');

    await user.click(within(langSwitch).getByText('中文'));
    expect(await screen.findByRole('heading', { name: '工作台' })).toBeInTheDocument();
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('zh-CN');
  });

  it('opens in the language remembered from last time', async () => {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en');
    expect(storedLanguage()).toBe('en');
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'klingon');
    expect(storedLanguage()).toBe('zh-CN');

    await i18n.changeLanguage('en');
    vi.stubGlobal('fetch', stubApi({}));
    renderApp('/no-such-page');

    expect(await screen.findByText('Page not found')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Back to the workbench' })).toBeInTheDocument();
  });
});

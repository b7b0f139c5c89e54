import { Input, type InputProps, type InputRef } from 'antd';
import { forwardRef } from 'react';

/**
 * The six digits of a TOTP code: one wide field that takes digits only,
 * accepts a pasted code, and lets phones offer the code from an SMS or app
 * (autocomplete one-time-code).
 */
export const CodeInput = forwardRef<InputRef, Omit<InputProps, 'onChange'> & { onChange?: (value: string) => void }>(
  function CodeInput({ onChange, ...rest }, ref) {
    return (
      <Input
        ref={ref}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        size="large"
        placeholder="000000"
        className="teyi-code-input"
        {...rest}
        onChange={(e) => onChange?.(e.target.value.replace(/\D/g, '').slice(0, 6))}
      />
    );
  },
);

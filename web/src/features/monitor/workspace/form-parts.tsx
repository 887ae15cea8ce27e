// What the workspace's forms share: a refusal next to its form (in the reader's
// language, and that nothing was saved), the success line, a choice among fixed
// values, and reading an uploaded file.
import { ApiError } from '../../../api/client.ts';
import { EnglishDetail, ErrorMessage } from '../../../components/error-message.tsx';
import { t } from '../../../i18n/index.ts';

export const value = (e: Event) => (e.target as HTMLInputElement).value;

/** A refusal from the server next to its form: in the reader's language, the server's (English) words below for English readers, and that nothing was saved. */
export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  // refusals particular to the monitor (the general texts speak of elections and links)
  if (error instanceof ApiError && (error.status === 403 || error.status === 409))
    return (
      <div class="failure" role="alert" data-testid="form-error">
        <p class="error">{t(error.status === 403 ? 'monitor.forbidden' : 'monitor.conflict')}</p>
        <EnglishDetail text={error.message} />
      </div>
    );
  return (
    <div data-testid="form-error">
      <ErrorMessage error={error} />
      {error instanceof ApiError && (error.status === 400 || error.status === 413) ? <p class="small">{t('monitor.nothingSaved')}</p> : null}
    </div>
  );
}

export function Done({ message }: { message: string | null | undefined }) {
  return message ? (
    <p class="success wrap-anywhere" role="status" data-testid="form-done">
      {message}
    </p>
  ) : null;
}

/** A labelled choice among fixed values, each shown by its name in the reader's language. */
export function SelectField<T extends string>({ id, name, label, selected, options, text, onChange }: { id: string; name: string; label: string; selected: T; options: readonly T[]; text: (o: T) => string; onChange: (v: T) => void }) {
  return (
    <>
      <label for={id}>{label}</label>
      <select id={id} name={name} value={selected} onChange={(e) => onChange(value(e) as T)}>
        {options.map((o) => (
          <option key={o} value={o}>
            {text(o)}
          </option>
        ))}
      </select>
    </>
  );
}

export function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(file);
  });
}

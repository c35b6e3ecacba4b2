import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { DeleteDialog } from '../../components/dialog.tsx';
import { secondaryButton } from '../../components/page.tsx';
import { ErrorState } from '../../components/states.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { type Conversation, deleteConversation, listConversations } from './assistant-api.ts';

/** The server writes `2026-05-01 10:00:00.1+00`; the browser parses the ISO form reliably. */
const isoOf = (ts: string) => ts.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');

/** Your conversations, latest first: open one, delete one, or start a new one. */
export const ConversationList = ({
  active,
  onOpen,
  onNew,
  onDeleted,
}: {
  active: string | undefined;
  onOpen: (id: string) => void;
  onNew: () => void;
  onDeleted: (id: string) => void;
}) => {
  const t = useT();
  const f = useFormat();
  const list = useQuery({ queryKey: keys.assistant.conversations, queryFn: listConversations });
  const [deleting, setDeleting] = useState<Conversation>();
  const remove = useApiMutation<Conversation>({
    request: (c) => deleteConversation(c.id),
    invalidates: [keys.assistant.conversations],
    success: t('assistant.deleted'),
    onSuccess: (_r, c) => onDeleted(c.id),
  });
  return (
    <nav aria-label={t('assistant.conversations')} className="flex flex-col gap-2">
      <button type="button" className={secondaryButton} onClick={onNew} data-testid="chat-new">
        + {t('assistant.new_conversation')}
      </button>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <ul className="flex flex-col gap-1" data-testid="conversation-list">
          {(list.data?.data ?? []).map((c) => (
            <li
              key={c.id}
              data-testid="conversation"
              className={`group flex items-start gap-1 rounded-lg ${c.id === active ? 'bg-brand-50' : 'hover:bg-slate-100'}`}
            >
              <button
                type="button"
                aria-current={c.id === active ? 'true' : undefined}
                data-testid="conversation-open"
                onClick={() => onOpen(c.id)}
                className="min-w-0 flex-1 px-3 py-2 text-left"
              >
                <span className="block truncate text-sm">{c.title}</span>
                <span className="block text-xs text-slate-500">{f.date(isoOf(c.updated_at))}</span>
              </button>
              <button
                type="button"
                aria-label={t('assistant.delete_named', { title: c.title })}
                data-testid="conversation-delete"
                onClick={() => setDeleting(c)}
                className="px-2 py-2 text-slate-400 hover:text-red-700"
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
          {list.data && list.data.data.length === 0 && (
            <li className="px-3 py-2 text-xs text-slate-500">{t('assistant.no_conversations')}</li>
          )}
        </ul>
      )}
      <DeleteDialog
        row={deleting}
        title={t('assistant.delete_title')}
        body={(c) => t('assistant.delete_body', { title: c.title })}
        onClose={() => setDeleting(undefined)}
        remove={remove.send}
      />
    </nav>
  );
};

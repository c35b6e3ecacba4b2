import { type LocationType, useLocations } from '../api/queries.ts';
import { can } from '../api/session.ts';
import { useT } from '../i18n/i18n.tsx';
import { SelectField, TextField } from './fields.tsx';

type Props = {
  label: string;
  name: string;
  error?: string;
  hint?: string;
  disabled?: boolean;
  types?: LocationType[];
  /** Offer an empty choice first (a filter's "all", an optional parent). */
  emptyLabel?: string;
  value?: string;
  defaultValue?: string;
  onChange?: (code: string) => void;
  testId?: string;
  /** What the options carry: the code (stock endpoints) or the id (a parent location). */
  by?: 'code' | 'id';
  excludeId?: string;
};

/**
 * A location picked from the list. Roles that may change stock but not read the locations
 * get a code field instead.
 */
export const LocationSelect = ({
  types,
  emptyLabel,
  onChange,
  testId,
  by = 'code',
  excludeId,
  ...p
}: Props) => {
  const t = useT();
  const locations = useLocations();
  const change = onChange ? (e: { target: { value: string } }) => onChange(e.target.value) : undefined;
  if (!can('location:read')) {
    return <TextField {...p} placeholder="MAD-001" onChange={change} data-testid={testId} />;
  }
  if (!locations.data) {
    return (
      <SelectField
        // Its own key, so the list that replaces it mounts afresh and starts on defaultValue.
        key="loading"
        label={p.label}
        name={p.name}
        disabled
        options={[{ value: '', label: t('state.loading') }]}
      />
    );
  }
  const options = locations.data
    .filter((l) => (!types || types.includes(l.type)) && l.id !== excludeId)
    .map((l) => ({ value: by === 'id' ? l.id : l.code, label: `${l.code} · ${l.name}` }));
  return (
    <SelectField
      {...p}
      data-testid={testId}
      onChange={change}
      options={[...(emptyLabel !== undefined ? [{ value: '', label: emptyLabel }] : []), ...options]}
    />
  );
};

<?php

namespace Ict\Bridge\Events;

use Ict\Bridge\Support\Attributes;
use Illuminate\Database\Eloquent\Model;

/** `equipment_location_changed`: staff and `equipment.assigned_user_id` receive it. */
class EquipmentLocationChanged extends HelpDeskEvent
{
    public array $equipment;

    public ?string $newLocation;

    public function __construct(Model|array $equipment, public ?string $oldLocation, ?string $newLocation = null)
    {
        $this->equipment = Attributes::of($equipment, 'equipment');
        $this->newLocation = $newLocation ?? ($this->equipment['location'] ?? null);
        $this->stamp();
    }

    public function type(): string
    {
        return 'equipment_location_changed';
    }

    public function data(): array
    {
        return [
            'equipment' => $this->equipment,
            'old_location' => $this->oldLocation,
            'new_location' => $this->newLocation,
        ];
    }

    public function requiredFields(): array
    {
        return ['equipment.id', 'old_location', 'new_location'];
    }
}
